package loaders

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"

	"github.com/chokepoint/chokepoint/kg"
)

// ReadFiles parses files into one input. format names the format of every
// file ("" = by extension). All files are read before anything is reported,
// so one call lists the problems of every file.
func ReadFiles(paths []string, format string) (kg.Graph, error) {
	return read(paths, format, func(p string) (fs.File, error) { return os.Open(p) })
}

// ReadFS parses every file of a file system (such as the embedded curated
// dataset) whose format is known from its extension.
func ReadFS(fsys fs.FS) (kg.Graph, error) {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if _, ferr := FormatForFile(p); ferr == nil {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return kg.Graph{}, err
	}
	return read(paths, "", func(p string) (fs.File, error) { return fsys.Open(path.Clean(p)) })
}

func read(paths []string, format string, open func(string) (fs.File, error)) (kg.Graph, error) {
	var (
		g   kg.Graph
		all Problems
	)
	for _, p := range paths {
		f, err := pick(p, format)
		if err != nil {
			return kg.Graph{}, err
		}
		r, err := open(p)
		if err != nil {
			return kg.Graph{}, fmt.Errorf("open input: %w", err)
		}
		part, err := f.Parse(p, r)
		r.Close()
		var ps Problems
		switch {
		case errors.As(err, &ps):
			all = append(all, ps...)
		case err != nil:
			return kg.Graph{}, err
		}
		g.Append(part)
	}
	return g, all.Err()
}

func pick(p, format string) (Format, error) {
	if format != "" {
		return FormatByName(format)
	}
	return FormatForFile(p)
}

// readAll reads r whole, in a buffer sized from the file or reader when it
// tells its size, so that a large input is not copied as the buffer grows.
func readAll(r io.Reader) ([]byte, error) {
	size := 0
	switch x := r.(type) {
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := x.Stat(); err == nil && fi.Mode().IsRegular() {
			size = int(fi.Size())
		}
	case interface{ Len() int }: // bytes.Reader, strings.Reader
		size = x.Len()
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}
