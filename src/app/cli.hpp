#pragma once
// The command line: jiazheng serve | migrate | user add | demo-data | keys rotate, each with --help.
namespace jz::app {

int run_cli(int argc, char** argv);

}  // namespace jz::app
