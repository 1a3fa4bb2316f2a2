package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Sources of a golden's expected result.
const (
	sourceRan   = "containerd-1.6.20"
	sourceHead  = "head-expectation"
	sourcePanic = "containerd-panics"
)

// golden is one entry of goldens/*.json. spec/error is what ocispec must
// produce (HEAD semantics).
type golden struct {
	Name   string          `json:"name"`
	Source string          `json:"source"`
	Spec   json.RawMessage `json:"spec"`
	Error  *string         `json:"error"`
	// Host: host facts the result depends on (capEff of the driver).
	Host map[string]string `json:"host,omitempty"`
	// Normalised: systematic 1.6.20 → HEAD rewrites applied to 1.6.20's output.
	Normalised []string        `json:"normalised,omitempty"`
	Why        json.RawMessage `json:"why,omitempty"`
	// Containerd1620: 1.6.20's own result, kept where spec/error is HEAD's.
	Containerd1620 *outcome `json:"containerd_1_6_20,omitempty"`
}

func goldenFor(c testCase) (golden, error) {
	g := golden{Name: c.Name, Why: c.Why}
	if c.Expect != nil {
		g.Source, g.Spec, g.Error = sourceHead, c.Expect.Spec, c.Expect.Error
		return g, nil
	}
	ran, err := runCase(c)
	if err != nil {
		return g, err
	}
	g.Host = hostFacts(c)
	if c.Head != nil {
		g.Source, g.Spec, g.Error = sourceHead, c.Head.Spec, c.Head.Error
		g.Containerd1620 = &ran
		warnIfSame(c, ran)
		return g, nil
	}
	if c.ContainerdPanics {
		if ran.Panic == nil {
			return g, fmt.Errorf("containerdPanics is set but 1.6.20 did not panic")
		}
		g.Source, g.Spec = sourcePanic, json.RawMessage("null")
		g.Containerd1620 = &ran
		return g, nil
	}
	if ran.Panic != nil {
		return g, fmt.Errorf("containerd 1.6.20 panicked (%s): give the case a head expectation", *ran.Panic)
	}
	g.Source = sourceRan
	g.Spec, g.Error, g.Normalised, err = normalise(ran)
	return g, err
}

// warnIfSame flags head expectations that equal 1.6.20's normalised output.
func warnIfSame(c testCase, ran outcome) {
	if ran.Panic != nil {
		return
	}
	spec, errMsg, _, err := normalise(ran)
	if err != nil {
		return
	}
	if jsonEqual(spec, c.Head.Spec) && reflect.DeepEqual(errMsg, c.Head.Error) {
		fmt.Fprintf(os.Stderr, "driver: warning: case %q: head expectation equals 1.6.20's output\n", c.Name)
	}
}

func jsonEqual(a, b json.RawMessage) bool {
	var x, y interface{}
	dx := json.NewDecoder(bytes.NewReader(a))
	dx.UseNumber()
	dy := json.NewDecoder(bytes.NewReader(b))
	dy.UseNumber()
	if dx.Decode(&x) != nil || dy.Decode(&y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// Systematic differences between 1.6.20 and HEAD (reference §3.4), applied to
// every result run through 1.6.20 that has no hand-written head expectation:
//   - ociVersion "1.0.2-dev" (specs.Version of 1.6.20) becomes "1.3.0";
//     cases never put "1.0.2-dev" in their inputs, so it can only come from
//     the default spec;
//   - linux.maskedPaths equal to 1.6.20's default list gets HEAD's
//     "/sys/devices/virtual/powercap" before "/proc/scsi";
//   - "current supported OCI runtime-spec : v1.0.2-dev" in
//     withSpecFromBytes/withSpecFromFile errors becomes v1.3.0.
const (
	legacyVersion = "1.0.2-dev"
	headVersion   = "1.3.0"
)

var legacyMasked = []string{
	"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
	"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
}

func headMasked() []string {
	out := append([]string(nil), legacyMasked[:9]...)
	return append(out, "/sys/devices/virtual/powercap", "/proc/scsi")
}

func normalise(o outcome) (json.RawMessage, *string, []string, error) {
	var notes []string
	errMsg := o.Error
	if errMsg != nil && strings.Contains(*errMsg, "runtime-spec : v"+legacyVersion) {
		m := strings.Replace(*errMsg, "runtime-spec : v"+legacyVersion, "runtime-spec : v"+headVersion, 1)
		errMsg = &m
		notes = append(notes, "error: runtime-spec v1.0.2-dev -> v1.3.0 (§3.4)")
	}
	if isNull(o.Spec) {
		return o.Spec, errMsg, notes, nil
	}
	var s specs.Spec
	if err := json.Unmarshal(o.Spec, &s); err != nil {
		return nil, nil, nil, err
	}
	changed := false
	if s.Version == legacyVersion {
		s.Version = headVersion
		changed = true
		notes = append(notes, "ociVersion: 1.0.2-dev -> 1.3.0 (§3.4)")
	}
	if s.Linux != nil && reflect.DeepEqual(s.Linux.MaskedPaths, legacyMasked) {
		s.Linux.MaskedPaths = headMasked()
		changed = true
		notes = append(notes, "maskedPaths: + /sys/devices/virtual/powercap (§3.4)")
	}
	if !changed {
		return o.Spec, errMsg, notes, nil
	}
	b, err := json.Marshal(&s)
	return b, errMsg, notes, err
}
