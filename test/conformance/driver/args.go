package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// args is the JSON argument list of one option, after its name.
type args []json.RawMessage

// wantN fails unless exactly n arguments were given.
func (a args) wantN(n int) error {
	if len(a) != n {
		return fmt.Errorf("expected %d argument(s), got %d", n, len(a))
	}
	return nil
}

// decodeExact decodes one JSON value into v: unknown struct keys and trailing
// data are errors, integers are decoded from their exact text (64-bit safe).
func decodeExact(raw json.RawMessage, v interface{}) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after JSON value")
	}
	return nil
}

// nullable reports whether JSON null is a meaningful value for T
// (Go's nil slice, map or pointer).
func nullable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Slice, reflect.Map, reflect.Ptr, reflect.Interface:
		return true
	}
	return false
}

// one decodes argument i as T.
func one[T any](a args, i int) (T, error) {
	var v T
	if i >= len(a) {
		return v, fmt.Errorf("argument %d: missing", i+1)
	}
	raw := bytes.TrimSpace(a[i])
	if bytes.Equal(raw, []byte("null")) && !nullable(reflect.TypeOf(&v).Elem()) {
		return v, fmt.Errorf("argument %d: null is not a %T", i+1, v)
	}
	if err := decodeExact(raw, &v); err != nil {
		return v, fmt.Errorf("argument %d: expected %T: %v", i+1, v, err)
	}
	return v, nil
}

// only decodes the single argument of a one-parameter option.
func only[T any](a args) (T, error) {
	if err := a.wantN(1); err != nil {
		var zero T
		return zero, err
	}
	return one[T](a, 0)
}

// two decodes the two arguments of a two-parameter option.
func two[A, B any](a args) (A, B, error) {
	var (
		x A
		y B
	)
	if err := a.wantN(2); err != nil {
		return x, y, err
	}
	x, err := one[A](a, 0)
	if err != nil {
		return x, y, err
	}
	y, err = one[B](a, 1)
	return x, y, err
}

// three decodes the three arguments of a three-parameter option.
func three[A, B, C any](a args) (A, B, C, error) {
	var (
		x A
		y B
		z C
	)
	if err := a.wantN(3); err != nil {
		return x, y, z, err
	}
	x, y, err := two[A, B](a[:2])
	if err != nil {
		return x, y, z, err
	}
	z, err = one[C](a, 2)
	return x, y, z, err
}

// variadic decodes every argument as T (a Go variadic parameter).
func variadic[T any](a args) ([]T, error) {
	var out []T
	for i := range a {
		v, err := one[T](a, i)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
