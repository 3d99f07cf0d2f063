// The two crypto suites side by side (issue 17): field encryption, decryption and blind indexes of an ID number,
// and certificate token signing and checking, standard (XChaCha20-Poly1305, BLAKE2b, Ed25519) against 国密
// (SM4-CTR + HMAC-SM3, HMAC-SM3, SM2-SM3). bench/crypto_bench.sh runs it and writes the ratios to
// docs/benchmarks.md; each suite is the other's peer in the same run.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "security/field_crypto.hpp"
#include "security/keyring.hpp"
#include "verify/signing_key.hpp"
#include "verify/token.hpp"

namespace {

using namespace jz;
namespace fs = std::filesystem;

const security::Keyring& keyring() {
  static const security::Keyring k = [] {
    fs::path dir = fs::temp_directory_path() / ("jz-crypto-bench-" + std::to_string(::getpid()));
    auto ring = security::Keyring::load_or_create(dir);
    fs::remove_all(dir);
    return ring;
  }();
  return k;
}

const security::FieldCipher& cipher(security::CryptoSuite suite) {
  static const security::FieldCipher standard(keyring(), security::CryptoSuite::standard);
  static const security::FieldCipher sm(keyring(), security::CryptoSuite::sm);
  return suite == security::CryptoSuite::sm ? sm : standard;
}

constexpr std::string_view kIdNumber = "62010219850612342X";
constexpr std::string_view kContext = "workers.id_number";

void encrypt(benchmark::State& state, security::CryptoSuite suite) {
  const auto& c = cipher(suite);
  for (auto _ : state) benchmark::DoNotOptimize(c.encrypt(kIdNumber, kContext));
}
void decrypt(benchmark::State& state, security::CryptoSuite suite) {
  const auto& c = cipher(suite);
  auto blob = c.encrypt(kIdNumber, kContext);
  for (auto _ : state) benchmark::DoNotOptimize(c.decrypt(blob, kContext));
}
void blind_index(benchmark::State& state, security::CryptoSuite suite) {
  const auto& c = cipher(suite);
  for (auto _ : state) benchmark::DoNotOptimize(c.blind_index(kIdNumber, kContext));
}

const verify::TokenPayload kPayload{"Q7K2M9XW4TPA", "GS2026120512345678", "2026-12-05", "2027-12-04"};

void sign_ed25519(benchmark::State& state) {
  static const auto key = verify::SigningKey::generate();
  for (auto _ : state) benchmark::DoNotOptimize(verify::sign_token(kPayload, key));
}
void sign_sm2(benchmark::State& state) {
  static const auto key = verify::Sm2SigningKey::generate();
  for (auto _ : state) benchmark::DoNotOptimize(verify::sign_token_sm2(kPayload, key));
}
void check_ed25519(benchmark::State& state) {
  static const auto key = verify::SigningKey::generate();
  const std::string token = verify::sign_token(kPayload, key).value();
  for (auto _ : state) benchmark::DoNotOptimize(verify::check_token(token, key.public_key(), "2026-12-05"));
  if (verify::check_token(token, key.public_key(), "2026-12-05").status != verify::TokenStatus::valid)
    state.SkipWithError("token did not verify");
}
void check_sm2(benchmark::State& state) {
  static const auto ed = verify::SigningKey::generate();
  static const auto key = verify::Sm2SigningKey::generate();
  const std::string token = verify::sign_token_sm2(kPayload, key).value();
  for (auto _ : state)
    benchmark::DoNotOptimize(verify::check_token(token, ed.public_key(), "2026-12-05", &key.public_key()));
  if (verify::check_token(token, ed.public_key(), "2026-12-05", &key.public_key()).status != verify::TokenStatus::valid)
    state.SkipWithError("token did not verify");
}

BENCHMARK_CAPTURE(encrypt, standard, security::CryptoSuite::standard);
BENCHMARK_CAPTURE(encrypt, sm, security::CryptoSuite::sm);
BENCHMARK_CAPTURE(decrypt, standard, security::CryptoSuite::standard);
BENCHMARK_CAPTURE(decrypt, sm, security::CryptoSuite::sm);
BENCHMARK_CAPTURE(blind_index, standard, security::CryptoSuite::standard);
BENCHMARK_CAPTURE(blind_index, sm, security::CryptoSuite::sm);
BENCHMARK(sign_ed25519);
BENCHMARK(sign_sm2);
BENCHMARK(check_ed25519);
BENCHMARK(check_sm2);

}  // namespace

BENCHMARK_MAIN();
