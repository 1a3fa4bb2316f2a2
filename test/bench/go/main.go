// Command bench replays test/bench's pipelines (../shared/bench/bench-pipelines.json)
// through containerd 1.6.20's oci package (Debian's
// golang-github-containerd-containerd-dev, built in GOPATH mode with
// GO111MODULE=off) and prints one JSON line per pipeline:
//
//	{"name":"bench-generate","nsPerOp":8800,"allocsPerOp":95,"bytesPerOp":...,"n":...}
//
// Option closures are built once, outside the timed loop, as in containerd's
// own figures. bench-generate times oci.GenerateSpec (containerd builds its
// default spec on every call); bench-base times the seed's path: a JSON deep
// copy of the pre-loaded base spec, then oci.ApplyOpts.
//
// Usage: bench PIPELINES.json [-benchtime 1s]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/containerd/containerd/containers"
	"github.com/containerd/containerd/namespaces"
	"github.com/containerd/containerd/oci"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

type pipeline struct {
	Name      string              `json:"name"`
	Namespace string              `json:"namespace"`
	ID        string              `json:"id"`
	Base      json.RawMessage     `json:"base"`
	Opts      [][]json.RawMessage `json:"opts"`
}

type result struct {
	Name        string  `json:"name"`
	NsPerOp     float64 `json:"nsPerOp"`
	AllocsPerOp int64   `json:"allocsPerOp"`
	BytesPerOp  int64   `json:"bytesPerOp"`
	N           int     `json:"n"`
}

// arg decodes the i-th JSON argument of an option call into T.
func arg[T any](call []json.RawMessage, i int) T {
	var v T
	if i+1 >= len(call) {
		panic(fmt.Sprintf("%s: missing argument %d", call[0], i+1))
	}
	if err := json.Unmarshal(call[i+1], &v); err != nil {
		panic(fmt.Sprintf("%s: argument %d: %v", call[0], i+1, err))
	}
	return v
}

func rest(call []json.RawMessage) []string {
	out := make([]string, 0, len(call)-1)
	for i := range call[1:] {
		out = append(out, arg[string](call, i))
	}
	return out
}

// build maps one pipeline option call (["withHostname","web"]) to containerd's SpecOpts.
func build(call []json.RawMessage) oci.SpecOpts {
	var name string
	if err := json.Unmarshal(call[0], &name); err != nil {
		panic(err)
	}
	switch name {
	case "withoutRunMount":
		return oci.WithoutRunMount
	case "withRootFSPath":
		return oci.WithRootFSPath(arg[string](call, 0))
	case "withProcessArgs":
		return oci.WithProcessArgs(rest(call)...)
	case "withDefaultPathEnv":
		return oci.WithDefaultPathEnv
	case "withProcessCwd":
		return oci.WithProcessCwd(arg[string](call, 0))
	case "withEnv":
		return oci.WithEnv(arg[[]string](call, 0))
	case "withHostname":
		return oci.WithHostname(arg[string](call, 0))
	case "withMounts":
		return oci.WithMounts(arg[[]specs.Mount](call, 0))
	case "withUIDGID":
		return oci.WithUIDGID(arg[uint32](call, 0), arg[uint32](call, 1))
	case "withAnnotations":
		return oci.WithAnnotations(arg[map[string]string](call, 0))
	case "withHostNamespace":
		return oci.WithHostNamespace(specs.LinuxNamespaceType(arg[string](call, 0)))
	case "withLinuxDevices":
		return oci.WithLinuxDevices(arg[[]specs.LinuxDevice](call, 0))
	case "withAddedCapabilities":
		return oci.WithAddedCapabilities(arg[[]string](call, 0))
	case "withDroppedCapabilities":
		return oci.WithDroppedCapabilities(arg[[]string](call, 0))
	case "withMaskedPaths":
		return oci.WithMaskedPaths(arg[[]string](call, 0))
	case "withReadonlyPaths":
		return oci.WithReadonlyPaths(arg[[]string](call, 0))
	case "withNoNewPrivileges":
		return oci.WithNoNewPrivileges
	case "withRootFSReadonly":
		return oci.WithRootFSReadonly()
	case "withApparmorProfile":
		return oci.WithApparmorProfile(arg[string](call, 0))
	case "withSelinuxLabel":
		return oci.WithSelinuxLabel(arg[string](call, 0))
	case "withSeccompUnconfined":
		return oci.WithSeccompUnconfined
	case "withMemoryLimit":
		return oci.WithMemoryLimit(arg[uint64](call, 0))
	case "withMemorySwap":
		return oci.WithMemorySwap(arg[int64](call, 0))
	case "withCPUShares":
		return oci.WithCPUShares(arg[uint64](call, 0))
	case "withCPUCFS":
		return oci.WithCPUCFS(arg[int64](call, 0), arg[uint64](call, 1))
	case "withPidsLimit":
		return oci.WithPidsLimit(arg[int64](call, 0))
	case "withCgroup":
		return oci.WithCgroup(arg[string](call, 0))
	case "withNamespacedCgroup":
		return oci.WithNamespacedCgroup()
	case "withDevShmSize":
		return oci.WithDevShmSize(arg[int64](call, 0))
	}
	panic("bench: no containerd mapping for option " + name)
}

// benchFunc returns the timed body of one pipeline: everything but the option
// closures, which are built here, once.
func benchFunc(p pipeline) func(b *testing.B) {
	opts := make([]oci.SpecOpts, 0, len(p.Opts))
	for _, call := range p.Opts {
		opts = append(opts, build(call))
	}
	ctx := namespaces.WithNamespace(context.Background(), p.Namespace)
	c := &containers.Container{ID: p.ID}
	if len(p.Base) == 0 || string(p.Base) == "null" {
		return func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := oci.GenerateSpec(ctx, nil, c, opts...); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	// The pre-loaded base, deep-copied through JSON on every composition (the seed's path).
	var base oci.Spec
	if err := json.Unmarshal(p.Base, &base); err != nil {
		panic(err)
	}
	return func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			raw, err := json.Marshal(&base)
			if err != nil {
				b.Fatal(err)
			}
			var s oci.Spec
			if err := json.Unmarshal(raw, &s); err != nil {
				b.Fatal(err)
			}
			if err := oci.ApplyOpts(ctx, nil, c, &s, opts...); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func main() {
	benchtime := flag.Duration("benchtime", time.Second, "minimum time per pipeline")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: bench [-benchtime 1s] PIPELINES.json")
		os.Exit(2)
	}
	text, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	var pipelines []pipeline
	if err := json.Unmarshal(text, &pipelines); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	// testing.Benchmark honours -test.benchtime through the testing flags.
	testing.Init()
	if err := flag.Set("test.benchtime", benchtime.String()); err != nil {
		panic(err)
	}
	enc := json.NewEncoder(os.Stdout)
	for _, p := range pipelines {
		r := testing.Benchmark(benchFunc(p))
		if r.N == 0 {
			fmt.Fprintln(os.Stderr, "bench: pipeline", p.Name, "failed")
			os.Exit(1)
		}
		_ = enc.Encode(result{
			Name:        p.Name,
			NsPerOp:     float64(r.T.Nanoseconds()) / float64(r.N),
			AllocsPerOp: r.AllocsPerOp(),
			BytesPerOp:  r.AllocedBytesPerOp(),
			N:           r.N,
		})
	}
}
