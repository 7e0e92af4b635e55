// composecheck loads a compose project exactly as `docker compose config` does (compose-go:
// schema, interpolation with ${VAR:?} errors, merge of override files), without Docker:
//
//	cd deploy/docker/composecheck
//	go run . ../../../.env ../../../docker-compose.yml [../compose.production.yml]
//
// It prints the resolved project, or every error (exit 1).
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	envFile := os.Args[1]
	files := os.Args[2:]
	opts, err := cli.NewProjectOptions(files,
		cli.WithEnvFiles(envFile), cli.WithDotEnv, cli.WithOsEnv, cli.WithResolvedPaths(true))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := project.MarshalYAML()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	os.Stdout.Write(out)
}
