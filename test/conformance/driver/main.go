// Command driver replays ocispec conformance cases through containerd
// 1.6.20's oci package (Debian's golang-github-containerd-containerd-dev, built
// in GOPATH mode) and prints golden entries. See ../README.md.
//
// Usage: driver [-list-opts] [CASES.json]   (stdin when no file is given)
//
// It must run with the working directory test/conformance: fixture paths in
// cases (withEnvFile, withSpecFromFile, "rootfs") are relative to it.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-list-opts" {
		fmt.Println(strings.Join(mappedNames(), "\n"))
		return
	}
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "driver:", err)
		os.Exit(1)
	}
}

func run(argv []string, out io.Writer) error {
	input, err := readInput(argv)
	if err != nil {
		return err
	}
	cases, err := parseCases(input)
	if err != nil {
		return err
	}
	goldens := make([]golden, 0, len(cases))
	for i, c := range cases {
		g, err := goldenFor(c)
		if err != nil {
			return fmt.Errorf("case %d %q: %v", i, c.Name, err)
		}
		goldens = append(goldens, g)
	}
	text, err := render(goldens)
	if err != nil {
		return err
	}
	_, err = out.Write(text)
	return err
}

func readInput(argv []string) ([]byte, error) {
	switch len(argv) {
	case 0:
		return io.ReadAll(os.Stdin)
	case 1:
		return os.ReadFile(argv[0])
	}
	return nil, fmt.Errorf("usage: driver [-list-opts] [CASES.json]")
}

// render pretty-prints with json.Indent (2 spaces) so numbers stay exactly
// as json.Marshal wrote them, then makes fixture paths machine-independent.
func render(goldens []golden) ([]byte, error) {
	compact, err := json.Marshal(goldens)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, compact, "", "  "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	text := unrootPaths(buf.Bytes())
	if cwd, err := os.Getwd(); err == nil && bytes.Contains(text, []byte(cwd)) {
		return nil, fmt.Errorf("output still contains the absolute path %s", cwd)
	}
	return text, nil
}
