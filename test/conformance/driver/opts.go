package main

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/containerd/containerd/contrib/seccomp"
	"github.com/containerd/containerd/oci"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// builder turns the JSON arguments of one option into a containerd SpecOpts.
type builder func(a args) (oci.SpecOpts, error)

// value wraps an option that takes no arguments (a Go SpecOpts value or a
// zero-parameter constructor).
func value(o oci.SpecOpts) builder {
	return func(a args) (oci.SpecOpts, error) {
		if err := a.wantN(0); err != nil {
			return nil, err
		}
		return o, nil
	}
}

// unary adapts a one-parameter constructor.
func unary[T any](ctor func(T) oci.SpecOpts) builder {
	return func(a args) (oci.SpecOpts, error) {
		v, err := only[T](a)
		if err != nil {
			return nil, err
		}
		return ctor(v), nil
	}
}

// binary adapts a two-parameter constructor.
func binary[A, B any](ctor func(A, B) oci.SpecOpts) builder {
	return func(a args) (oci.SpecOpts, error) {
		x, y, err := two[A, B](a)
		if err != nil {
			return nil, err
		}
		return ctor(x, y), nil
	}
}

// ternary adapts a three-parameter constructor.
func ternary[A, B, C any](ctor func(A, B, C) oci.SpecOpts) builder {
	return func(a args) (oci.SpecOpts, error) {
		x, y, z, err := three[A, B, C](a)
		if err != nil {
			return nil, err
		}
		return ctor(x, y, z), nil
	}
}

// rest adapts a constructor whose only parameter is variadic.
func rest[T any](ctor func(...T) oci.SpecOpts) builder {
	return func(a args) (oci.SpecOpts, error) {
		vs, err := variadic[T](a)
		if err != nil {
			return nil, err
		}
		return ctor(vs...), nil
	}
}

// bytesArg: withSpecFromBytes takes the bytes as one JSON string.
func bytesArg(a args) (oci.SpecOpts, error) {
	s, err := only[string](a)
	if err != nil {
		return nil, err
	}
	return oci.WithSpecFromBytes([]byte(s)), nil
}

// imageConfig: withImageConfig(image) where image is the config blob object.
func imageConfig(a args) (oci.SpecOpts, error) {
	raw, err := only[json.RawMessage](a)
	if err != nil {
		return nil, err
	}
	return oci.WithImageConfig(newFakeImage(raw)), nil
}

// imageConfigArgs: withImageConfigArgs(image, args []string).
func imageConfigArgs(a args) (oci.SpecOpts, error) {
	raw, cmd, err := two[json.RawMessage, []string](a)
	if err != nil {
		return nil, err
	}
	return oci.WithImageConfigArgs(newFakeImage(raw), cmd), nil
}

// compose: each argument is itself an option list entry ["name", args...].
func compose(a args) (oci.SpecOpts, error) {
	var opts []oci.SpecOpts
	for i, raw := range a {
		o, err := buildOpt(raw)
		if err != nil {
			return nil, fmt.Errorf("argument %d: %v", i+1, err)
		}
		opts = append(opts, o)
	}
	return oci.Compose(opts...), nil
}

// linuxNamespaceType accepts the namespace type as a plain string.
func hostNamespace(a args) (oci.SpecOpts, error) {
	t, err := only[string](a)
	if err != nil {
		return nil, err
	}
	return oci.WithHostNamespace(specs.LinuxNamespaceType(t)), nil
}

// table maps every option name (containerd's Go name, first letter lower
// case) to its builder. These are all SpecOpts of containerd 1.6.20's oci
// package as built for linux, plus contrib/seccomp.
var table = map[string]builder{
	// platform-neutral (spec_opts.go)
	"withDefaultSpec":            value(oci.WithDefaultSpec()),
	"withDefaultSpecForPlatform": unary(oci.WithDefaultSpecForPlatform),
	"withSpecFromBytes":          bytesArg,
	"withSpecFromFile":           unary(oci.WithSpecFromFile),
	"withEnv":                    unary(oci.WithEnv),
	"withDefaultPathEnv":         value(oci.WithDefaultPathEnv),
	"withProcessArgs":            rest(oci.WithProcessArgs),
	"withProcessCwd":             unary(oci.WithProcessCwd),
	"withTTY":                    value(oci.WithTTY),
	"withTTYSize":                binary(oci.WithTTYSize),
	"withHostname":               unary(oci.WithHostname),
	"withMounts":                 unary(oci.WithMounts),
	"withoutMounts":              rest(oci.WithoutMounts),
	"withHostNamespace":          hostNamespace,
	"withLinuxNamespace":         unary(oci.WithLinuxNamespace),
	"withNewPrivileges":          value(oci.WithNewPrivileges),
	"withNoNewPrivileges":        value(oci.WithNoNewPrivileges),
	"withImageConfig":            imageConfig,
	"withImageConfigArgs":        imageConfigArgs,
	"withRootFSPath":             unary(oci.WithRootFSPath),
	"withRootFSReadonly":         value(oci.WithRootFSReadonly()),
	"withHostHostsFile":          value(oci.WithHostHostsFile),
	"withHostResolvconf":         value(oci.WithHostResolvconf),
	"withHostLocaltime":          value(oci.WithHostLocaltime),
	"withUserNamespace":          binary(oci.WithUserNamespace),
	"withCgroup":                 unary(oci.WithCgroup),
	"withNamespacedCgroup":       value(oci.WithNamespacedCgroup()),
	"withUser":                   unary(oci.WithUser),
	"withUIDGID":                 binary(oci.WithUIDGID),
	"withUserID":                 unary(oci.WithUserID),
	"withUsername":               unary(oci.WithUsername),
	"withAdditionalGIDs":         unary(oci.WithAdditionalGIDs),
	"withAppendAdditionalGroups": rest(oci.WithAppendAdditionalGroups),
	"withCapabilities":           unary(oci.WithCapabilities),
	"withAddedCapabilities":      unary(oci.WithAddedCapabilities),
	"withDroppedCapabilities":    unary(oci.WithDroppedCapabilities),
	"withAmbientCapabilities":    unary(oci.WithAmbientCapabilities),
	"withMaskedPaths":            unary(oci.WithMaskedPaths),
	"withReadonlyPaths":          unary(oci.WithReadonlyPaths),
	"withWriteableSysfs":         value(oci.WithWriteableSysfs),
	"withWriteableCgroupfs":      value(oci.WithWriteableCgroupfs),
	"withSelinuxLabel":           unary(oci.WithSelinuxLabel),
	"withApparmorProfile":        unary(oci.WithApparmorProfile),
	"withSeccompUnconfined":      value(oci.WithSeccompUnconfined),
	"withParentCgroupDevices":    value(oci.WithParentCgroupDevices),
	"withAllDevicesAllowed":      value(oci.WithAllDevicesAllowed),
	"withDefaultUnixDevices":     value(oci.WithDefaultUnixDevices),
	"withPrivileged":             value(oci.WithPrivileged),
	"withWindowsHyperV":          value(oci.WithWindowsHyperV),
	"withMemoryLimit":            unary(oci.WithMemoryLimit),
	"withAnnotations":            unary(oci.WithAnnotations),
	"withLinuxDevices":           unary(oci.WithLinuxDevices),
	"withLinuxDevice":            binary(oci.WithLinuxDevice),
	"withEnvFile":                unary(oci.WithEnvFile),
	"withDevShmSize":             unary(oci.WithDevShmSize),
	// linux build (spec_opts_linux.go)
	"withHostDevices":            value(oci.WithHostDevices),
	"withDevices":                ternary(oci.WithDevices),
	"withMemorySwap":             unary(oci.WithMemorySwap),
	"withPidsLimit":              unary(oci.WithPidsLimit),
	"withCPUShares":              unary(oci.WithCPUShares),
	"withCPUs":                   unary(oci.WithCPUs),
	"withCPUsMems":               unary(oci.WithCPUsMems),
	"withCPUCFS":                 binary(oci.WithCPUCFS),
	"withAllCurrentCapabilities": value(oci.WithAllCurrentCapabilities),
	"withAllKnownCapabilities":   value(oci.WithAllKnownCapabilities),
	"withoutRunMount":            value(oci.WithoutRunMount),
	"withRdt":                    ternary(oci.WithRdt),
	// contrib/seccomp
	"withSeccompProfile":        unary(seccomp.WithProfile),
	"withDefaultSeccompProfile": value(seccomp.WithDefaultProfile()),
}

// compose refers back to the table through buildOpt, so it is added here.
func init() { table["compose"] = compose }

// hostCapsOpts are options whose result depends on the driver process's
// effective capabilities (/proc/self/status CapEff).
var hostCapsOpts = map[string]bool{"withAllCurrentCapabilities": true, "withPrivileged": true}

// buildOpt decodes one option entry ["name", args...].
func buildOpt(raw json.RawMessage) (oci.SpecOpts, error) {
	var entry []json.RawMessage
	if err := decodeExact(raw, &entry); err != nil || len(entry) == 0 {
		return nil, fmt.Errorf("option entry must be a non-empty array [\"name\", args...]: %s", raw)
	}
	var name string
	if err := decodeExact(entry[0], &name); err != nil {
		return nil, fmt.Errorf("option name must be a string: %s", entry[0])
	}
	b, ok := table[name]
	if !ok {
		return nil, fmt.Errorf("unknown option %q", name)
	}
	o, err := b(args(entry[1:]))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return guard(o), nil
}

// optNames lists every option name used in raw, including inside compose.
func optNames(raw json.RawMessage) []string {
	var entry []json.RawMessage
	if json.Unmarshal(raw, &entry) != nil || len(entry) == 0 {
		return nil
	}
	var name string
	if json.Unmarshal(entry[0], &name) != nil {
		return nil
	}
	names := []string{name}
	if name == "compose" {
		for _, sub := range entry[1:] {
			names = append(names, optNames(sub)...)
		}
	}
	return names
}

// mappedNames returns the sorted option names of the table.
func mappedNames() []string {
	var names []string
	for n := range table {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
