package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/containerd/containerd/containers"
	"github.com/containerd/containerd/namespaces"
	"github.com/containerd/containerd/oci"
)

const (
	defaultPlatform  = "linux/amd64"
	defaultNamespace = "default"
	rootfsDir        = "fixtures/rootfs"
	rootfsMarker     = "<ROOTFS>"
)

// outcome is what containerd 1.6.20 produced for one case.
type outcome struct {
	Spec  json.RawMessage `json:"spec"`
	Error *string         `json:"error"`
	Panic *string         `json:"panic,omitempty"`
}

// panicError carries a recovered panic out of an option.
type panicError struct{ msg string }

func (p *panicError) Error() string { return "panic: " + p.msg }

// guard turns a panic inside a SpecOpts into a *panicError, so the spec as it
// was at that point is still recorded.
func guard(o oci.SpecOpts) oci.SpecOpts {
	return func(ctx context.Context, cl oci.Client, c *containers.Container, s *oci.Spec) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = &panicError{msg: fmt.Sprint(r)}
			}
		}()
		return o(ctx, cl, c, s)
	}
}

func (c testCase) platform() string {
	if c.Platform == nil {
		return defaultPlatform
	}
	return *c.Platform
}

func (c testCase) context() context.Context {
	ns := defaultNamespace
	if c.Namespace != nil {
		ns = *c.Namespace
	}
	ctx := context.Background()
	if ns != "" {
		ctx = namespaces.WithNamespace(ctx, ns)
	}
	return ctx
}

// options builds the case's opts; with "rootfs" set, the first option sets
// root.path (creating root if absent) to the fixture's absolute path, i.e.
// withRootFSPath(<abs>/fixtures/rootfs/<name>).
func (c testCase) options() ([]oci.SpecOpts, error) {
	var opts []oci.SpecOpts
	if c.Rootfs != "" {
		dir, err := filepath.Abs(filepath.Join(rootfsDir, c.Rootfs))
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("rootfs fixture: %v", err)
		}
		opts = append(opts, oci.WithRootFSPath(dir))
	}
	for _, raw := range c.Opts {
		o, err := buildOpt(raw)
		if err != nil {
			return nil, err
		}
		opts = append(opts, o)
	}
	return opts, nil
}

// runCase replays c through containerd 1.6.20.
func runCase(c testCase) (outcome, error) {
	opts, err := c.options()
	if err != nil {
		return outcome{}, err
	}
	ctx := c.context()
	container := &containers.Container{ID: c.ID}
	var (
		spec  *oci.Spec
		opErr error
	)
	if isNull(c.Base) {
		spec, opErr = oci.GenerateSpecWithPlatform(ctx, nil, c.platform(), container, opts...)
	} else {
		spec = &oci.Spec{}
		if err := json.Unmarshal(c.Base, spec); err != nil {
			return outcome{}, fmt.Errorf("base: %v", err)
		}
		opErr = oci.ApplyOpts(ctx, nil, container, spec, opts...)
	}
	return toOutcome(spec, opErr)
}

func toOutcome(spec *oci.Spec, opErr error) (outcome, error) {
	var o outcome
	o.Spec = json.RawMessage("null")
	if spec != nil {
		b, err := json.Marshal(spec)
		if err != nil {
			return o, err
		}
		o.Spec = b
	}
	var p *panicError
	switch {
	case errors.As(opErr, &p):
		o.Panic = &p.msg
	case opErr != nil:
		msg := opErr.Error()
		o.Error = &msg
	}
	return o, nil
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || strings.TrimSpace(string(raw)) == "null"
}

// hostFacts records host state a case's result depends on.
func hostFacts(c testCase) map[string]string {
	for _, raw := range c.Opts {
		for _, n := range optNames(raw) {
			if hostCapsOpts[n] {
				return map[string]string{"capEff": capEff()}
			}
		}
	}
	return nil
}

// capEff returns the CapEff hex mask of this process.
func capEff() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v := strings.TrimPrefix(sc.Text(), "CapEff:"); v != sc.Text() {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

var rootfsAbs = func() string {
	d, _ := filepath.Abs(rootfsDir)
	return d
}()

// unrootPaths replaces <abs>/fixtures/rootfs/<name> by <ROOTFS>.
func unrootPaths(text []byte) []byte {
	s := string(text)
	entries, _ := os.ReadDir(rootfsDir)
	for _, e := range entries {
		s = strings.ReplaceAll(s, filepath.Join(rootfsAbs, e.Name()), rootfsMarker)
	}
	return []byte(s)
}
