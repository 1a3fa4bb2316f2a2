/**
 * Hand-written spec texts for the Go differential test: every rule of Go's decoder at least once. Only fields
 * Debian's specs-go and runtime-spec v1.3.0 both have, with the same Go type (see README.md).
 */

/** Bytes: `parts` joined, strings as UTF-8, numbers as raw bytes (for invalid UTF-8). */
function bytes(...parts: (string | number)[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') out.push(part);
    else out.push(...new TextEncoder().encode(part));
  }
  return new Uint8Array(out);
}

const CAPS = '"capabilities":{"bounding":["CAP_CHOWN"],"effective":["CAP_CHOWN"],"permitted":["CAP_CHOWN"]}';

export const HAND_WRITTEN: ReadonlyArray<readonly [name: string, text: string | Uint8Array]> = [
  // key matching
  ['exact keys', '{"ociVersion":"1.0.2","process":{"cwd":"/","args":["sh"]},"hostname":"h"}'],
  [
    'repeated process: the second merges into the first',
    `{"process":{"user":{"uid":1000,"gid":1000},${CAPS},"noNewPrivileges":true,"args":["sh"],"cwd":"/"},"process":{"user":{"uid":0},"capabilities":{"bounding":["CAP_SYS_ADMIN"],"effective":["CAP_SYS_ADMIN"]}}}`,
  ],
  ['Process', '{"process":{"cwd":"/safe","user":{"uid":1000}},"Process":{"user":{"uid":0}}}'],
  ['PROCESS and pRoCeSs', '{"PROCESS":{"cwd":"/a"},"pRoCeSs":{"args":["x"]}}'],
  ['long s folds to s', '{"proce\u017fs":{"cwd":"/long-s"},"ociVer\u017fion":"1.0.0","ho\u017ftname":"h"}'],
  [
    'Kelvin sign folds to k',
    '{"hoo\u212as":{"poststop":[{"path":"/h"}]},"linux":{"ma\u017f\u212aedPaths":["/m"],"mount\u212babel":"x"},"vm":{"\u212aernel":{"path":"/k"}}}',
  ],
  ['an upper-case Kelvin-less K still folds', '{"linux":{"MASKEDPATHS":["/m"],"maskedpaths":["/n","/o"]}}'],
  [
    'near misses do not fold: sharp s, dotless i, fullwidth, dotted I',
    '{"proce\u00df":{"cwd":"/x"},"annotat\u0131ons":{"a":"b"},"\uff50rocess":{},"hostnam\u0130":"x","hostname":"kept"}',
  ],
  [
    'escaped keys unquote before matching',
    '{"pro\\u0063ess":{"cwd":"/e"},"Pro\\u0063ESS":{"args":["y"]},"\\u0068ostname":"h"}',
  ],
  [
    'map keys are exact',
    '{"annotations":{"a":"1","A":"2","\u017f":"3","s":"4"},"linux":{"sysctl":{"net.x":"1","NET.X":"2"}}}',
  ],
  // repeated objects at every depth
  [
    'nested repeats merge at every depth',
    '{"linux":{"resources":{"memory":{"limit":1}},"resources":{"memory":{"swap":2},"memory":{"reservation":3}}},"linux":{"resources":{"cpu":{"shares":4}},"cgroupsPath":"/a"},"linux":{"Resources":{"Memory":{"LIMIT":5}}}}',
  ],
  [
    'a repeated key inside a slice element',
    '{"mounts":[{"destination":"/a","destination":"/b","type":"bind","TYPE":"tmpfs"}]}',
  ],
  [
    'maps keep their entries, each value decoded fresh',
    '{"annotations":{"a":"1","b":"2"},"annotations":{"b":"3","c":"4"},"linux":{"resources":{"rdma":{"mlx":{"hcaHandles":1,"hcaObjects":2}},"rdma":{"mlx":{"hcaHandles":3},"mlx":{"hcaObjects":9}}},"resources":{"unified":{"a":"1"},"unified":{"a":"2","a":"3"}}}}',
  ],
  // slices
  [
    'a slice is decoded into, then cut',
    '{"process":{"args":["a","b","c"],"args":["x"],"env":["A=1","B=2"],"env":["C=3","D=4","E=5"]}}',
  ],
  [
    'regrowing within capacity exposes the elements cut earlier (structs decoded into)',
    '{"mounts":[{"destination":"/a","type":"bind","options":["ro","rbind"]},{"destination":"/b","source":"/s","options":["x","y","z"]},{"destination":"/c"}],"mounts":[{"destination":"/x"}],"mounts":[{"type":"tmpfs"},{"options":["rw"]},{},{}]}',
  ],
  [
    'regrowing nested slices within capacity at two depths',
    '{"linux":{"seccomp":{"syscalls":[{"names":["a","b"],"action":"A","args":[{"index":1,"value":2,"op":"E"},{"index":3,"value":4,"op":"F"}]},{"names":["c"],"errnoRet":5}],"syscalls":[{"args":[{"index":9}]}],"syscalls":[{"args":[{},{}]},{}]}}}',
  ],
  [
    '[] resets the capacity: nothing comes back',
    '{"mounts":[{"destination":"/a","type":"t"},{"destination":"/b"}],"mounts":[],"mounts":[{},{}]}',
  ],
  [
    'null resets the slice: nothing comes back',
    '{"mounts":[{"destination":"/a","type":"t"},{"destination":"/b"}],"mounts":null,"mounts":[{},{}]}',
  ],
  [
    'devices: pointers in stale elements',
    '{"linux":{"devices":[{"path":"/dev/a","type":"c","major":1,"minor":2,"fileMode":438,"uid":0,"gid":0},{"path":"/dev/b","type":"b","major":8,"minor":0,"fileMode":384}],"devices":[{"path":"/dev/x"}],"devices":[{"uid":5},{"gid":6,"fileMode":null}]}}',
  ],
  [
    'grown past the old capacity',
    '{"linux":{"namespaces":[{"type":"pid","path":"/p"},{"type":"ipc"},{"type":"uts"},{"type":"mount"},{"type":"network","path":"/n"}],"namespaces":[{"type":"user"}],"namespaces":[{},{},{},{},{},{},{},{}]}}',
  ],
  [
    'additionalGids and idmappings repeated',
    '{"process":{"user":{"additionalGids":[1,2,3],"additionalGids":[4]}},"mounts":[{"destination":"/m","uidMappings":[{"containerID":0,"hostID":1000,"size":1},{"containerID":1,"hostID":2000,"size":2}],"uidMappings":[{"size":5}],"gidMappings":[{"hostID":3}]}]}',
  ],
  // scalars and nulls
  [
    'scalars: the last wins',
    '{"hostname":"a","hostname":"b","Hostname":"c","process":{"terminal":true,"terminal":false,"cwd":"/1","cwd":"/2"}}',
  ],
  [
    'null on scalars and struct values leaves them',
    '{"hostname":"h","hostname":null,"process":{"cwd":"/c","user":{"uid":5},"terminal":true},"process":{"cwd":null,"user":null,"terminal":null},"process":{"user":{"uid":null}}}',
  ],
  [
    'null on pointers, slices and maps sets nil',
    '{"process":{"args":["a"],"capabilities":{"bounding":["b"]},"oomScoreAdj":5,"consoleSize":{"height":1}},"process":{"args":null,"capabilities":null,"oomScoreAdj":null,"consoleSize":null},"annotations":{"a":"b"},"annotations":null,"root":{"path":"/r"},"root":null}',
  ],
  [
    'null then a value allocates anew',
    '{"root":{"path":"/r","readonly":true},"root":null,"root":{"path":"/s"}}',
  ],
  [
    'null map values are zero values',
    '{"annotations":{"a":null},"linux":{"resources":{"rdma":{"x":null}},"sysctl":{"k":null}}}',
  ],
  [
    'null everywhere',
    '{"ociVersion":null,"process":null,"root":null,"hostname":null,"mounts":null,"hooks":null,"annotations":null,"linux":null,"solaris":null,"windows":null,"vm":null}',
  ],
  ['top-level null', 'null'],
  ['an empty object', '{}'],
  [
    'empty sections',
    '{"process":{},"root":{},"hooks":{},"linux":{"resources":{"memory":{},"cpu":{},"blockIO":{},"network":{}}},"windows":{},"vm":{},"solaris":{}}',
  ],
  [
    'always-printed fields: nil and empty slices',
    '{"windows":{"layerFolders":[]},"linux":{"seccomp":{"defaultAction":"A","syscalls":[{"names":null,"action":"B"},{"names":[],"action":"C"},{"action":"D"}]}}}',
  ],
  ['windows layerFolders null', '{"windows":{"layerFolders":null,"devices":[{"id":"i","idType":"class"}]}}'],
  [
    'struct values that omitempty never omits',
    '{"vm":{"hypervisor":null,"kernel":{"path":"/k","initrd":"/i"},"image":{"path":"/img","format":"raw"}},"vm":{"kernel":{"parameters":["a"]}}}',
  ],
  // integers
  [
    'uint32 limits',
    '{"process":{"user":{"uid":4294967295,"gid":0,"umask":18,"additionalGids":[0,4294967295]}}}',
  ],
  ['uint32 overflow', '{"process":{"user":{"uid":4294967296}}}'],
  ['uint32 negative', '{"process":{"user":{"uid":-1}}}'],
  ['unsigned -0', '{"process":{"user":{"gid":-0}}}'],
  ['integer with a fraction', '{"process":{"user":{"uid":1000.0}}}'],
  ['integer with an exponent', '{"process":{"rlimits":[{"type":"RLIMIT_NOFILE","hard":1e3,"soft":1}]}}'],
  ['integer with a capital exponent', '{"linux":{"resources":{"memory":{"limit":1E+2}}}}'],
  ['signed -0 is 0', '{"process":{"oomScoreAdj":-0},"linux":{"resources":{"memory":{"limit":-0}}}}'],
  [
    '64-bit limits',
    '{"process":{"oomScoreAdj":-9223372036854775808,"rlimits":[{"type":"A","hard":18446744073709551615,"soft":0}]},"linux":{"resources":{"memory":{"limit":9223372036854775807,"swap":-1}},"devices":[{"path":"/d","type":"c","major":-9223372036854775808,"minor":9223372036854775807}]}}',
  ],
  ['int64 overflow', '{"linux":{"resources":{"memory":{"limit":9223372036854775808}}}}'],
  ['uint64 overflow', '{"process":{"rlimits":[{"type":"A","hard":18446744073709551616,"soft":0}]}}'],
  [
    'uint16 limits',
    '{"linux":{"resources":{"blockIO":{"weight":65535,"leafWeight":0,"weightDevice":[{"major":8,"minor":0,"weight":10}]}}}}',
  ],
  ['uint16 overflow', '{"linux":{"resources":{"blockIO":{"weight":65536}}}}'],
  [
    'go int is 64-bit',
    '{"hooks":{"prestart":[{"path":"/h","timeout":9223372036854775807}]},"process":{"consoleSize":{"height":18446744073709551615,"width":0}}}',
  ],
  [
    'seccomp uint and uint64',
    '{"linux":{"seccomp":{"defaultAction":"A","defaultErrnoRet":18446744073709551615,"syscalls":[{"names":["x"],"action":"B","errnoRet":1,"args":[{"index":18446744073709551615,"value":18446744073709551615,"valueTwo":0,"op":"C"}]}]}}}',
  ],
  ['a 17-digit integer in range', '{"linux":{"resources":{"memory":{"limit":12345678901234567}}}}'],
  // interface{}
  [
    'credentialSpec: float64 numbers, maps sorted, the last duplicate',
    '{"windows":{"credentialSpec":{"b":1,"a":-0,"10":[1e2,1.5,12345678901234567890,1e-7,123456789e15],"9":null,"a":"last","x":{"z":true,"y":[{"k":1,"k":2}]}}}}',
  ],
  [
    'credentialSpec repeated: replaced whole',
    '{"windows":{"credentialSpec":{"a":1,"b":2},"credentialSpec":{"c":3}}}',
  ],
  [
    'credentialSpec scalar and null',
    '{"windows":{"credentialSpec":"s"},"windows":{"credentialSpec":null},"windows":{"layerFolders":["l"]}}',
  ],
  ['credentialSpec float out of range', '{"windows":{"credentialSpec":{"a":1e400}}}'],
  ['credentialSpec float underflow', '{"windows":{"credentialSpec":[1e-400,-1e-400,4.9e-324]}}'],
  // strings
  [
    'strings: escapes, surrogates, HTML characters, line separators',
    '{"hostname":"a\\u0000b\\"c\\\\d\\/e\\b\\f\\n\\r\\t","domainname":"\\ud83d\\ude00 \\ud800 \\udc00x \u00e9 <&> \u2028\u2029 \u007f","annotations":{"<k>":"&v"}}',
  ],
  ['raw non-ASCII', '{"hostname":"h\u00e9\u4e2d\ud83d\ude00","annotations":{"\u00e9":"\u4e2d"}}'],
  // invalid UTF-8
  [
    'invalid UTF-8 in a string',
    bytes(
      '{"hostname":"a',
      0xff,
      'b',
      0xc0,
      0xaf,
      'c',
      0xe2,
      0x82,
      'd',
      0xed,
      0xa0,
      0x80,
      'e',
      0xf0,
      0x90,
      0x80,
      '"}',
    ),
  ],
  ['invalid UTF-8 truncated at the end of a string', bytes('{"domainname":"x', 0xe2, 0x82, '"}')],
  ['invalid UTF-8 in a known key makes it unknown', bytes('{"hostname', 0xff, '":"x","hostname":"y"}')],
  ['two invalid map keys become one', bytes('{"annotations":{"a', 0xff, '":"1","a', 0xfe, '":"2"}}')],
  ['invalid UTF-8 in an unknown field', bytes('{"x-unknown":"', 0xff, '","hostname":"h"}')],
  ['invalid UTF-8 outside strings', bytes('{"hostname":"h"', 0xff, '}')],
  // types
  ['a struct given an array', '{"process":[{"cwd":"/"}],"hostname":"h"}'],
  ['a slice given a string', '{"process":{"args":"sh"}}'],
  ['a string slice given a number', '{"process":{"args":["sh",1]}}'],
  ['a uint32 given a string', '{"process":{"user":{"uid":"0"}}}'],
  ['a bool given a string', '{"process":{"terminal":"true"}}'],
  ['a map given an array', '{"annotations":[]}'],
  ['a map value given a number', '{"annotations":{"a":1}}'],
  ['a struct in a map given a string', '{"linux":{"resources":{"rdma":{"x":{"hcaHandles":"1"}}}}}'],
  ['the first of two type errors', '{"hostname":5,"process":{"cwd":6}}'],
  ['a type error then a repeat fixes nothing', '{"hostname":5,"hostname":"h"}'],
  ['top-level array', '[]'],
  ['top-level string', '"spec"'],
  ['top-level number', '1'],
  ['top-level bool', 'true'],
  // unknown fields (Go drops them)
  [
    'unknown fields at every depth',
    '{"x-top":{"a":[1,2,{"b":null}]},"process":{"x-p":1e400,"cwd":"/"},"linux":{"x-l":-0,"resources":{"x-r":123456789012345678901234567890.5}},"mounts":[{"destination":"/d","x-m":"1.50"}]}',
  ],
  // syntax (Go fails before decoding)
  ['trailing data', '{"hostname":"h"} {}'],
  ['a byte order mark', '\ufeff{}'],
  ['a trailing comma', '{"hostname":"h",}'],
  ['an unterminated string', '{"hostname":"h}'],
  ['a control character in a string', '{"hostname":"a\u0001b"}'],
  ['leading zero', '{"process":{"user":{"uid":01}}}'],
  ['empty input', ''],
  ['whitespace only', ' \n\t '],
  ['a type error before a syntax error', '{"hostname":5,"process":}'],
  // whitespace
  [
    'whitespace everywhere',
    ' \n{ "process" :\t{ "cwd" : "/" , "args" : [ "a" , "b" ] } ,\r\n "hostname" : "h" } \n',
  ],
];
