package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
)

// testCase is one entry of a cases/*.json file (the pipeline-file shape plus
// conformance fields).
type testCase struct {
	Name      string            `json:"name"`
	Platform  *string           `json:"platform"`
	Namespace *string           `json:"namespace"`
	ID        string            `json:"id"`
	Base      json.RawMessage   `json:"base"`
	Opts      []json.RawMessage `json:"opts"`
	Rootfs    string            `json:"rootfs"`
	// Expect: HEAD's result written by hand, for options missing in 1.6.20
	// (the case is not run).
	Expect *expectation `json:"expect"`
	// Head: HEAD's result written by hand where it differs from 1.6.20 (the
	// case is run and 1.6.20's output is kept next to it).
	Head *expectation `json:"head"`
	// Why: the reason for Expect/Head, citing the reference section.
	Why json.RawMessage `json:"why"`
	// ContainerdPanics: containerd panics here in HEAD as well as in 1.6.20;
	// the golden records the panic and ocispec's behaviour is its own choice.
	ContainerdPanics bool   `json:"containerdPanics"`
	Note             string `json:"note"`
	// Ocispec: where ocispec deliberately differs from HEAD (read only by the
	// TypeScript side; the driver ignores it).
	Ocispec json.RawMessage `json:"ocispec"`
}

// expectation is a hand-written {spec, error} pair; both keys are required.
type expectation struct {
	Spec  json.RawMessage `json:"spec"`
	Error *string         `json:"error"`
}

func (e *expectation) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	spec, hasSpec := m["spec"]
	errRaw, hasErr := m["error"]
	if !hasSpec || !hasErr || len(m) != 2 {
		return fmt.Errorf("an expectation needs exactly the keys spec and error")
	}
	e.Spec = spec
	return json.Unmarshal(errRaw, &e.Error)
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._/-]*$`)

func parseCases(input []byte) ([]testCase, error) {
	var cases []testCase
	if err := decodeExact(input, &cases); err != nil {
		return nil, fmt.Errorf("cases: %v", err)
	}
	seen := map[string]bool{}
	for i, c := range cases {
		if err := checkCase(c, seen); err != nil {
			return nil, fmt.Errorf("case %d %q: %v", i, c.Name, err)
		}
	}
	return cases, nil
}

// checkCase rejects malformed cases and inputs that would defeat the
// HEAD normalisation (see normalise.go).
func checkCase(c testCase, seen map[string]bool) error {
	if !nameRE.MatchString(c.Name) {
		return fmt.Errorf("name must match %s", nameRE)
	}
	if seen[c.Name] {
		return fmt.Errorf("duplicate name")
	}
	seen[c.Name] = true
	if c.Expect != nil && c.Head != nil {
		return fmt.Errorf("expect and head are exclusive")
	}
	if c.ContainerdPanics && (c.Expect != nil || c.Head != nil) {
		return fmt.Errorf("containerdPanics excludes expect and head")
	}
	if (c.Expect != nil || c.Head != nil || c.ContainerdPanics) && len(c.Why) == 0 {
		return fmt.Errorf("expect/head needs a why")
	}
	if c.Rootfs != "" && filepath.Base(c.Rootfs) != c.Rootfs {
		return fmt.Errorf("rootfs must be a fixture name")
	}
	for _, o := range append([]json.RawMessage{c.Base}, c.Opts...) {
		if bytes.Contains(o, []byte(legacyVersion)) {
			return fmt.Errorf("inputs must not contain %q (reserved for the normalisation)", legacyVersion)
		}
	}
	if c.Expect == nil {
		for _, o := range c.Opts {
			if _, err := buildOpt(o); err != nil {
				return err
			}
		}
	}
	return nil
}
