package main

import (
	"bytes"
	"context"
	_ "crypto/sha256" // registers sha256 for go-digest
	"encoding/json"

	"github.com/containerd/containerd/content"
	"github.com/containerd/containerd/oci"
	digest "github.com/opencontainers/go-digest"
	v1 "github.com/opencontainers/image-spec/specs-go/v1"
)

// fakeImage is an oci.Image whose config blob is the JSON given in a case:
// the OCI image config document ({"architecture":..., "os":..., "config":{...}}),
// exactly as a registry would store it. Only its "config" member is read by
// containerd. The descriptor's media type is the OCI image config type.
type fakeImage struct {
	blob []byte
}

func newFakeImage(raw json.RawMessage) *fakeImage {
	return &fakeImage{blob: append([]byte(nil), raw...)}
}

func (i *fakeImage) Config(context.Context) (v1.Descriptor, error) {
	return v1.Descriptor{
		MediaType: v1.MediaTypeImageConfig,
		Digest:    digest.FromBytes(i.blob),
		Size:      int64(len(i.blob)),
	}, nil
}

func (i *fakeImage) ContentStore() content.Store {
	return &fakeStore{blob: i.blob}
}

// fakeStore is a content.Store holding one blob. Only ReaderAt is
// implemented (all that content.ReadBlob uses); any other method panics
// through the nil embedded interface.
type fakeStore struct {
	content.Store
	blob []byte
}

func (f *fakeStore) ReaderAt(context.Context, v1.Descriptor) (content.ReaderAt, error) {
	return &blobReader{Reader: bytes.NewReader(f.blob)}, nil
}

type blobReader struct {
	*bytes.Reader
}

func (b *blobReader) Close() error { return nil }

var _ oci.Image = (*fakeImage)(nil)
