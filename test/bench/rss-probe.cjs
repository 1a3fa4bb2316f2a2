// Preloaded into the measured process (`node --require`): writes its peak RSS in bytes to $OCISPEC_RSS_FILE at exit.
const fs = require('node:fs');

process.on('exit', () => {
  fs.writeFileSync(process.env.OCISPEC_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
