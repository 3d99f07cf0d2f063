#include "verify/signing_key.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "security/random.hpp"

namespace jz::verify {
namespace fs = std::filesystem;

namespace {

constexpr int kB64 = sodium_base64_VARIANT_ORIGINAL;
// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING }.
constexpr unsigned char kSpkiPrefix[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

std::string to_base64(const unsigned char* data, size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, kB64), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, kB64);
  out.resize(out.size() - 1);
  return out;
}

// Decodes standard base64, ignoring whitespace; nullopt-like empty result on failure is signalled by `ok`.
bool from_base64(std::string_view text, std::string& out) {
  out.assign(text.size(), '\0');
  size_t len = 0;
  const char* end = nullptr;
  int rc = sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                             " \t\r\n", &len, &end, kB64);
  if (rc != 0 || end != text.data() + text.size()) return false;
  out.resize(len);
  return true;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

[[noreturn]] void fail(const fs::path& file, const std::string& why) {
  throw std::runtime_error("key file " + file.string() + ": " + why);
}

std::string read_file(const fs::path& file, bool secret) {
  std::error_code ec;
  const fs::file_status st = fs::status(file, ec);
  if (ec) fail(file, "cannot stat: " + ec.message());
  if (st.type() != fs::file_type::regular) fail(file, "is not a regular file");
  if (secret && (st.permissions() & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none)
    fail(file, "has group/other permissions; run `chmod 600 " + file.string() +
                   "` after checking nobody else has read it");
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file, std::string("cannot be opened for reading: ") + std::strerror(errno));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Writes atomically (temp file + fsync + rename), like the keyring, so a crash leaves the old file or the new.
void write_file(const fs::path& file, std::string_view content, mode_t mode) {
  const fs::path tmp = file.string() + ".tmp";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) fail(tmp, std::string("cannot be created: ") + std::strerror(errno));
  bool ok = ::fchmod(fd, mode) == 0;
  for (size_t done = 0; ok && done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    fail(file, "cannot be written: " + why);
  }
}

}  // namespace

Result<PublicKey> PublicKey::parse(std::string_view text) {
  std::string body = trim(text);
  if (!body.empty() && body.front() == '{') {  // the JSON of GET /api/v1/certificates/public-key
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec || !v.is_object() || !v.as_object().contains("public_key") || !v.at("public_key").is_string())
      return make_error("invalid_field", "key", "JSON without a public_key string");
    body = std::string(v.at("public_key").as_string());
  }
  const std::string_view kBegin = "-----BEGIN PUBLIC KEY-----", kEnd = "-----END PUBLIC KEY-----";
  if (auto b = body.find(kBegin); b != std::string::npos) {
    auto e = body.find(kEnd, b);
    if (e == std::string::npos) return make_error("invalid_field", "key", "PEM block without its END line");
    body = body.substr(b + kBegin.size(), e - b - kBegin.size());
  }
  std::string raw;
  if (!from_base64(trim(body), raw)) return make_error("invalid_field", "key", "not base64");
  if (raw.size() == sizeof kSpkiPrefix + kSize && std::memcmp(raw.data(), kSpkiPrefix, sizeof kSpkiPrefix) == 0)
    raw.erase(0, sizeof kSpkiPrefix);
  if (raw.size() != kSize) return make_error("invalid_field", "key", "not a 32-byte Ed25519 public key");
  std::array<unsigned char, kSize> bytes{};
  std::memcpy(bytes.data(), raw.data(), kSize);
  return PublicKey(bytes);
}

bool PublicKey::verify(std::string_view message, std::string_view signature) const {
  if (signature.size() != kSignatureSize) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     bytes_.data()) == 0;
}

std::string PublicKey::base64() const { return to_base64(bytes_.data(), bytes_.size()); }

std::string PublicKey::pem() const {
  unsigned char der[sizeof kSpkiPrefix + kSize];
  std::memcpy(der, kSpkiPrefix, sizeof kSpkiPrefix);
  std::memcpy(der + sizeof kSpkiPrefix, bytes_.data(), kSize);
  return "-----BEGIN PUBLIC KEY-----\n" + to_base64(der, sizeof der) + "\n-----END PUBLIC KEY-----\n";
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

SigningKey SigningKey::from_seed(const unsigned char* seed) {
  security::ensure_sodium();
  SigningKey k;
  std::array<unsigned char, PublicKey::kSize> pk{};
  if (crypto_sign_seed_keypair(pk.data(), k.secret_.data(), seed) != 0)
    throw std::runtime_error("cannot derive the signing key pair");
  k.public_ = PublicKey(pk);
  return k;
}

SigningKey SigningKey::generate() {
  security::ensure_sodium();
  unsigned char seed[crypto_sign_SEEDBYTES];
  randombytes_buf(seed, sizeof seed);
  SigningKey k = from_seed(seed);
  sodium_memzero(seed, sizeof seed);
  return k;
}

SigningKey SigningKey::load_or_create(const fs::path& dir) {
  security::ensure_sodium();
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("key directory " + dir.string() + " cannot be created: " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  const fs::path secret_file = dir / kSecretFile, public_file = dir / kPublicFile;
  const bool have_secret = fs::exists(fs::symlink_status(secret_file, ec));
  const bool have_public = fs::exists(fs::symlink_status(public_file, ec));
  if (!have_secret) {
    if (have_public)
      fail(secret_file, "is missing while " + public_file.string() +
                            " exists: certificates were signed with it; restore it from backup (or, to start over "
                            "and invalidate every issued certificate, remove " + public_file.string() + ")");
    SigningKey k = generate();
    // The seed is the first half of libsodium's secret key.
    std::string line = to_base64(k.secret_.data(), crypto_sign_SEEDBYTES) + "\n";
    write_file(secret_file, line, 0600);
    sodium_memzero(line.data(), line.size());
    write_file(public_file, k.public_.base64() + "\n", 0644);
    return k;
  }
  std::string text = read_file(secret_file, true);
  std::string seed;
  const bool ok = from_base64(trim(text), seed) && seed.size() == crypto_sign_SEEDBYTES;
  sodium_memzero(text.data(), text.size());
  if (!ok) {
    sodium_memzero(seed.data(), seed.size());
    fail(secret_file, "is not the base64 of a 32-byte Ed25519 seed");
  }
  SigningKey k = from_seed(reinterpret_cast<const unsigned char*>(seed.data()));
  sodium_memzero(seed.data(), seed.size());
  if (!have_public) {
    write_file(public_file, k.public_.base64() + "\n", 0644);  // derived from the secret: safe to recreate
  } else {
    auto published = PublicKey::parse(read_file(public_file, false));
    if (!published || !(*published == k.public_))
      fail(public_file, "does not match " + secret_file.string() + "; remove it to have it written again");
  }
  return k;
}

std::string SigningKey::sign(std::string_view message) const {
  std::string sig(PublicKey::kSignatureSize, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(), secret_.data());
  return sig;
}

}  // namespace jz::verify

// ---- SM2.
namespace jz::verify {
namespace {

struct Pkey {
  EVP_PKEY* p = nullptr;
  ~Pkey() { EVP_PKEY_free(p); }
};

EVP_PKEY* read_pem(const std::string& pem, bool secret) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (!bio) return nullptr;
  EVP_PKEY* k = secret ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr) : PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (k && !EVP_PKEY_is_a(k, "SM2")) {
    EVP_PKEY_free(k);
    return nullptr;
  }
  return k;
}

std::string write_pem(EVP_PKEY* k, bool secret) {
  BIO* bio = BIO_new(BIO_s_mem());
  bool ok = bio && (secret ? PEM_write_bio_PrivateKey(bio, k, nullptr, nullptr, 0, nullptr, nullptr)
                           : PEM_write_bio_PUBKEY(bio, k)) == 1;
  std::string out;
  if (ok) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    out.assign(data, static_cast<size_t>(n));
  }
  BIO_free(bio);
  if (!ok) throw std::runtime_error("SM2 key cannot be written (OpenSSL)");
  return out;
}

OpensslKey shared(EVP_PKEY* k) { return OpensslKey(k, EVP_PKEY_free); }

// EVP_DigestSign/Verify with SM3 and the SM2 distinguishing ID.
struct Sm2Ctx {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pk = nullptr;
  explicit Sm2Ctx(EVP_PKEY* key) : pk(EVP_PKEY_CTX_new(key, nullptr)) {
    if (md && pk && EVP_PKEY_CTX_set1_id(pk, kSm2Id.data(), kSm2Id.size()) == 1) EVP_MD_CTX_set_pkey_ctx(md, pk);
  }
  ~Sm2Ctx() {
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(pk);
  }
};

}  // namespace

Result<Sm2PublicKey> Sm2PublicKey::parse(std::string_view text) {
  // Every PEM block in the text (a file, or the endpoint's JSON with escaped newlines, which also carries the
  // Ed25519 key): the first SM2 one.
  std::string all(text);
  for (size_t i; (i = all.find("\\n")) != std::string::npos;) all.replace(i, 2, "\n");
  static constexpr std::string_view kBegin = "-----BEGIN PUBLIC KEY-----", kEnd = "-----END PUBLIC KEY-----";
  for (size_t at = all.find(kBegin); at != std::string::npos; at = all.find(kBegin, at + 1)) {
    auto end = all.find(kEnd, at);
    if (end == std::string::npos) break;
    EVP_PKEY* k = read_pem(all.substr(at, end + kEnd.size() - at) + "\n", false);
    if (!k) continue;
    Sm2PublicKey out;
    out.key_ = shared(k);
    out.pem_ = write_pem(k, false);
    return out;
  }
  return make_error("invalid_field", "key", "no SM2 public key (PEM) in it");
}

bool Sm2PublicKey::verify(std::string_view message, std::string_view sig) const {
  if (!key_ || sig.empty() || sig.size() > 80) return false;
  Sm2Ctx c(key_.get());
  return c.md && c.pk && EVP_DigestVerifyInit(c.md, nullptr, EVP_sm3(), nullptr, key_.get()) == 1 &&
         EVP_DigestVerify(c.md, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

Sm2SigningKey Sm2SigningKey::generate() {
  Pkey k{EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2")};
  if (!k.p) throw std::runtime_error("SM2 key generation failed (OpenSSL without SM2?)");
  Sm2SigningKey out;
  out.secret_pem_ = write_pem(k.p, true);
  out.public_ = Sm2PublicKey::parse(write_pem(k.p, false)).value();
  out.secret_ = shared(k.p);
  k.p = nullptr;  // owned by secret_ now
  return out;
}

std::optional<Sm2PublicKey> Sm2SigningKey::load_public(const fs::path& dir) {
  std::error_code ec;
  const fs::path file = dir / kPublicFile;
  if (!fs::exists(fs::symlink_status(file, ec))) return std::nullopt;
  auto k = Sm2PublicKey::parse(read_file(file, false));
  if (!k) fail(file, "is not an SM2 public key in PEM");
  return *k;
}

Sm2SigningKey Sm2SigningKey::load_or_create(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("key directory " + dir.string() + " cannot be created: " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  const fs::path secret_file = dir / kSecretFile, public_file = dir / kPublicFile;
  const bool have_secret = fs::exists(fs::symlink_status(secret_file, ec));
  const bool have_public = fs::exists(fs::symlink_status(public_file, ec));
  if (!have_secret) {
    if (have_public)
      fail(secret_file, "is missing while " + public_file.string() +
                            " exists: SM2 certificates were signed with it; restore it from backup");
    Sm2SigningKey k = generate();
    write_file(secret_file, k.secret_pem_, 0600);
    write_file(public_file, k.public_.pem_, 0644);
    return k;
  }
  Sm2SigningKey k;
  k.secret_pem_ = read_file(secret_file, true);
  EVP_PKEY* p = read_pem(k.secret_pem_, true);
  if (!p) fail(secret_file, "is not an SM2 private key in PEM");
  k.secret_ = shared(p);
  k.public_ = Sm2PublicKey::parse(write_pem(p, false)).value();
  if (!have_public) {
    write_file(public_file, k.public_.pem_, 0644);
  } else if (auto published = load_public(dir); !published || !(*published == k.public_)) {
    fail(public_file, "does not match " + secret_file.string() + "; remove it to have it written again");
  }
  return k;
}

std::string Sm2SigningKey::sign(std::string_view message) const {
  if (!secret_) throw std::runtime_error("SM2 key unreadable");
  Sm2Ctx c(secret_.get());
  size_t n = 0;
  std::string sig;
  bool ok = c.md && c.pk && EVP_DigestSignInit(c.md, nullptr, EVP_sm3(), nullptr, secret_.get()) == 1 &&
            EVP_DigestSign(c.md, nullptr, &n, reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  if (ok) {
    sig.resize(n);
    ok = EVP_DigestSign(c.md, reinterpret_cast<unsigned char*>(sig.data()), &n,
                        reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    sig.resize(n);
  }
  if (!ok) throw std::runtime_error("SM2 signing failed (OpenSSL)");
  return sig;
}

}  // namespace jz::verify
