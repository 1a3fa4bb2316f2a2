// Command driver decodes spec texts with Go's encoding/json into runtime-spec's specs.Spec, as containerd and
// runc do, and prints what Go read: the differential test of ocispec's Go-exact decoder (see ../README.md).
//
// Input: one text per line, base64-encoded (so that any bytes, invalid UTF-8 included, pass).
// Output: one line per input, in order:
//
//	ok <base64 of json.Marshal(spec)>
//	err syntax <message>
//	err type <field path> <message>     (the first UnmarshalTypeError: Go's Field, "" at the top level)
//	err other <message>
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 0, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		text, err := base64.StdEncoding.DecodeString(in.Text())
		if err != nil {
			fmt.Fprintf(os.Stderr, "driver: bad input line: %v\n", err)
			os.Exit(2)
		}
		fmt.Fprintln(out, decode(text))
	}
	if err := in.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "driver: reading input: %v\n", err)
		os.Exit(2)
	}
}

func decode(text []byte) string {
	var spec specs.Spec
	if err := json.Unmarshal(text, &spec); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			return "err syntax " + oneLine(err)
		case errors.As(err, &typ):
			return fmt.Sprintf("err type %q %s", typ.Field, oneLine(err))
		default:
			return "err other " + oneLine(err)
		}
	}
	printed, err := json.Marshal(&spec)
	if err != nil {
		return "err other marshal: " + oneLine(err)
	}
	return "ok " + base64.StdEncoding.EncodeToString(printed)
}

func oneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", " ")
}
