#include "verify/cli.hpp"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/time.hpp"
#include "verify/token.hpp"

namespace jz::verify {

std::unique_ptr<VerifyCommand> add_verify_command(CLI::App& app) {
  auto cmd = std::make_unique<VerifyCommand>();
  cmd->command = app.add_subcommand("verify", "Check a service-certificate token offline with the published public key");
  cmd->command->add_option("token", cmd->token, "the token (the part after /v/ in the QR code's URL), or the URL")
      ->required();
  cmd->command->add_option("--key", cmd->key_file,
                           "public key file: PEM (Ed25519 or SM2) or JSON from GET /api/v1/certificates/public-key, "
                           "or signing.pub / signing_sm2.pub")
      ->required();
  cmd->command->add_option("--today", cmd->today, "check expiry as of this date (YYYY-MM-DD; default today, UTC)");
  return cmd;
}

int VerifyCommand::run(std::ostream& out, std::ostream& err) const {
  std::ifstream in(key_file, std::ios::binary);
  if (!in) {
    err << "cannot read key file " << key_file << "\n";
    return 1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  // An Ed25519 key, an SM2 key (国密), or the endpoint's JSON with both.
  auto key = PublicKey::parse(ss.str());
  auto sm2 = Sm2PublicKey::parse(ss.str());
  if (!key && !sm2) {
    err << "key file " << key_file << ": " << key.error().detail << "; " << sm2.error().detail << "\n";
    return 1;
  }
  std::string t = token;
  if (auto at = t.rfind("/v/"); at != std::string::npos) t = t.substr(at + 3);  // a whole verify URL
  if (auto q = t.find_first_of("?#"); q != std::string::npos) t.resize(q);
  const std::string day = today.empty() ? today_utc() : today;
  TokenCheck c = check_token(t, key ? *key : PublicKey{}, day, sm2 ? &*sm2 : nullptr);
  switch (c.status) {
    case TokenStatus::valid: out << "valid: genuine certificate, in date on " << day << "\n"; break;
    case TokenStatus::expired: out << "expired: genuine certificate, past its last day " << c.payload.expires_on << "\n"; break;
    case TokenStatus::not_yet_valid:
      out << "not yet valid: genuine certificate, issued on " << c.payload.issued_on << ", after " << day << "\n";
      break;
    case TokenStatus::bad_signature: out << "forged: the signature does not match (forged or altered)\n"; break;
    case TokenStatus::bad_format: out << "forged: not a certificate token (" << c.detail << ")\n"; break;
  }
  if (c.genuine()) {
    out << "  serial      " << c.payload.serial << "\n"
        << "  public_id   " << c.payload.public_id << "\n"
        << "  issued_on   " << c.payload.issued_on << "\n"
        << "  expires_on  " << c.payload.expires_on << "\n"
        << "  (revocation is checked online: GET /api/v1/certificates/" << c.payload.serial << ")\n";
  }
  return c.status == TokenStatus::valid ? 0 : 1;
}

}  // namespace jz::verify
