#pragma once
// `jiazheng verify TOKEN --key FILE`: checks a certificate token offline, with only the published public
// key (the PEM or JSON of GET /api/v1/certificates/public-key, or signing.pub). Prints the verdict and the
// signed fields; exit status 0 when valid, 1 otherwise (forged, malformed, expired, unreadable key).
// Revocation cannot be known offline; the output says so.
#include <iosfwd>
#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace jz::verify {

struct VerifyCommand {
  CLI::App* command = nullptr;
  std::string token;
  std::string key_file;
  std::string today;  // --today YYYY-MM-DD (default: today, UTC)
  int run(std::ostream& out, std::ostream& err) const;
};

// Adds the subcommand to `app`; the returned object holds its options (keep it alive until after parsing).
std::unique_ptr<VerifyCommand> add_verify_command(CLI::App& app);

}  // namespace jz::verify
