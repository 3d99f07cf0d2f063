// Cost of the two field-encryption suites per value (docs/benchmarks.md, "Field encryption: standard vs 国密"),
// and of signing/verifying a certificate token with Ed25519 and SM2. Disabled in ordinary runs; asserts only
// correctness (every value decrypts back), never time. Run:
//   ./unit_tests --gtest_also_run_disabled_tests --gtest_filter='*SuiteBench*'
// Prints "BENCH <name> <microseconds>" lines.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "security/field_crypto.hpp"
#include "security/random.hpp"
#include "verify/token.hpp"

namespace jz::security {
namespace {

template <class F>
double micros_per(int n, F&& f) {
  auto t = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) f(i);
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t).count() / n;
}

TEST(SuiteBench, DISABLED_FieldEncryptionAndTokenSignatures) {
  auto dir = std::filesystem::temp_directory_path() / ("jz_bench_" + random_token(8));
  Keyring ring = Keyring::load_or_create(dir);
  const std::string id = "620102199003070021";
  constexpr int kN = 20000;
  for (CryptoSuite suite : {CryptoSuite::standard, CryptoSuite::sm}) {
    FieldCipher c(ring, suite);
    std::vector<db::Blob> blobs(kN);
    std::string name(crypto_suite_name(suite));
    std::cout << "BENCH encrypt_" << name << " " << micros_per(kN, [&](int i) { blobs[i] = c.encrypt(id, "workers.id_number"); }) << "\n";
    int ok = 0;
    std::cout << "BENCH decrypt_" << name << " "
              << micros_per(kN, [&](int i) { ok += c.decrypt(blobs[i], "workers.id_number").value() == id; }) << "\n";
    EXPECT_EQ(ok, kN);
    std::cout << "BENCH blind_index_" << name << " "
              << micros_per(kN, [&](int) { (void)c.blind_index(id, "workers.id_number"); }) << "\n";
  }
  const verify::TokenPayload p{"k7mq2xw9ahd3", "GS2026112912345678", "2026-11-29", "2027-11-28"};
  auto ed = verify::SigningKey::generate();
  auto sm2 = verify::Sm2SigningKey::generate();
  std::string t1 = verify::sign_token(p, ed).value(), t2 = verify::sign_token_sm2(p, sm2).value();
  constexpr int kT = 2000;
  int genuine = 0;
  std::cout << "BENCH token_verify_ed25519 "
            << micros_per(kT, [&](int) { genuine += verify::check_token(t1, ed.public_key(), "2026-12-01").genuine(); })
            << "\n";
  std::cout << "BENCH token_verify_sm2 "
            << micros_per(kT, [&](int) {
                 genuine += verify::check_token(t2, ed.public_key(), "2026-12-01", &sm2.public_key()).genuine();
               })
            << "\n";
  EXPECT_EQ(genuine, 2 * kT);
  std::cout << "BENCH token_sign_sm2 " << micros_per(200, [&](int) { (void)verify::sign_token_sm2(p, sm2); }) << "\n";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jz::security
