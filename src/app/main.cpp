// jiazheng: the 陇原家政 server and its administrative commands. Wiring lives in app/cli.cpp.
#include "app/cli.hpp"

int main(int argc, char** argv) { return jz::app::run_cli(argc, argv); }
