// kube-decode: checks that every object of a rendered manifest stream (`helm template` output on stdin)
// decodes strictly into its Kubernetes type, as client-go's scheme knows it. Unknown or misspelt fields,
// duplicate fields, wrong value types and unknown apiVersion/kind pairs are errors. Prints one line per
// object (`<apiVersion> <kind> <name>`) and exits 0, or prints every failure and exits 1.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
)

var sourceComment = regexp.MustCompile(`(?m)^# Source: (.+)$`)

func main() {
	decoder := serializer.NewCodecFactory(scheme.Scheme, serializer.EnableStrict).UniversalDeserializer()
	reader := utilyaml.NewYAMLReader(bufio.NewReader(os.Stdin))
	failures := 0
	objects := 0
	for index := 0; ; index++ {
		document, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "reading document %d: %v\n", index, err)
			os.Exit(1)
		}
		if isEmpty(document) {
			continue
		}
		source := fmt.Sprintf("document %d", index)
		if match := sourceComment.FindSubmatch(document); match != nil {
			source = string(match[1])
		}
		object, kind, err := decoder.Decode(document, nil, nil)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", source, err)
			failures++
			continue
		}
		name := ""
		if accessor, err := meta.Accessor(object); err == nil {
			name = accessor.GetName()
		}
		fmt.Printf("%s %s %s\n", kind.GroupVersion().String(), kind.Kind, name)
		objects++
	}
	if failures > 0 {
		fmt.Fprintf(os.Stderr, "%d of %d objects do not decode strictly\n", failures, failures+objects)
		os.Exit(1)
	}
	if objects == 0 {
		fmt.Fprintln(os.Stderr, "no objects in the input")
		os.Exit(1)
	}
}

// isEmpty: a document of comments and blank lines only (helm leaves these for templates that render nothing).
func isEmpty(document []byte) bool {
	for _, line := range bytes.Split(document, []byte("\n")) {
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) > 0 && trimmed[0] != '#' && !bytes.Equal(trimmed, []byte("---")) {
			return false
		}
	}
	return true
}
