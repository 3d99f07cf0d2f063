#include "training/certificate.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include "verify/token.hpp"

namespace jz::training {
namespace {

constexpr int kB64Url = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr size_t kFixedBytes = 1 + 1 + 1 + 2 + 4 + 4;

std::string b64url(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kB64Url), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kB64Url);
  out.resize(out.size() - 1);
  return out;
}

std::optional<std::string> from_b64url(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string out(text.size(), '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &len, &end, kB64Url) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(len);
  if (b64url(out) != text) return std::nullopt;  // one spelling per token
  return out;
}

void put(std::string& out, uint32_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
uint32_t get(std::string_view s, size_t at, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}
bool printable_ascii(std::string_view s) {
  for (char c : s)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}
std::string compact(std::string_view d) {
  return std::string(d.substr(0, 4)) + std::string(d.substr(5, 2)) + std::string(d.substr(8, 2));
}

}  // namespace

std::string make_certificate_serial(std::string_view issued_on, uint32_t number) {
  return fmt::format("GT{}{:08}", compact(issued_on), number % 100'000'000);
}

bool looks_like_certificate_serial(std::string_view s) {
  if (s.size() != 18 || s.substr(0, 2) != "GT") return false;
  for (char c : s.substr(2))
    if (c < '0' || c > '9') return false;
  return true;
}

namespace {

// The payload bytes of `p` under `version`, after checking every field.
Result<std::string> certificate_payload(const CertificatePayload& p, unsigned char version) {
  if (p.public_id.empty() || p.public_id.size() > 64 || !printable_ascii(p.public_id))
    return make_error("invalid_field", "public_id", "1-64 printable ASCII characters");
  auto issued = verify::days_from_date(p.issued_on);
  if (!issued || *issued < 0 || *issued > 0xffff)
    return make_error("invalid_field", "issued_on", "date 1970-2149");
  if (!looks_like_certificate_serial(p.serial) || p.serial.substr(2, 8) != compact(p.issued_on))
    return make_error("invalid_field", "serial", "GT + issue date + 8 digits");
  if (p.course_id <= 0 || p.course_id > 0xffffffffLL) return make_error("invalid_field", "course_id");
  std::string payload;
  payload += static_cast<char>(version);
  payload += static_cast<char>(kCertificateKindTraining);
  payload += static_cast<char>(p.public_id.size());
  payload += p.public_id;
  put(payload, static_cast<uint32_t>(*issued), 2);
  put(payload, static_cast<uint32_t>(std::stoul(p.serial.substr(10))), 4);
  put(payload, static_cast<uint32_t>(p.course_id), 4);
  return payload;
}

}  // namespace

Result<std::string> sign_certificate(const CertificatePayload& p, const verify::SigningKey& key) {
  auto payload = certificate_payload(p, kCertificateTokenVersion);
  if (!payload) return payload.error();
  return b64url(*payload) + "." + b64url(key.sign(*payload));
}

Result<std::string> sign_certificate_sm2(const CertificatePayload& p, const verify::Sm2SigningKey& key) {
  auto payload = certificate_payload(p, kCertificateTokenVersionSm2);
  if (!payload) return payload.error();
  return b64url(*payload) + "." + b64url(key.sign(*payload));
}

std::optional<CertificatePayload> check_certificate(std::string_view token, const verify::PublicKey& key,
                                                    const verify::Sm2PublicKey* sm2) {
  if (token.size() > 512) return std::nullopt;
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || token.find('.', dot + 1) != std::string_view::npos)
    return std::nullopt;
  auto payload = from_b64url(token.substr(0, dot));
  auto signature = from_b64url(token.substr(dot + 1));
  if (!payload || !signature || payload->empty()) return std::nullopt;
  // The version byte, signed with the rest, says which key must have signed it.
  const auto version = static_cast<unsigned char>((*payload)[0]);
  if (version == kCertificateTokenVersion) {
    if (signature->size() != verify::PublicKey::kSignatureSize || !key.verify(*payload, *signature)) return std::nullopt;
  } else if (version == kCertificateTokenVersionSm2) {
    if (!sm2 || signature->size() > 80 || !sm2->verify(*payload, *signature)) return std::nullopt;
  } else {
    return std::nullopt;
  }
  const std::string& p = *payload;
  if (p.size() < kFixedBytes + 1) return std::nullopt;
  if (static_cast<unsigned char>(p[1]) != kCertificateKindTraining) return std::nullopt;
  size_t id_len = static_cast<unsigned char>(p[2]);
  if (id_len == 0 || p.size() != kFixedBytes + id_len) return std::nullopt;
  CertificatePayload out;
  out.public_id = p.substr(3, id_len);
  if (!printable_ascii(out.public_id)) return std::nullopt;
  size_t at = 3 + id_len;
  out.issued_on = verify::date_from_days(get(p, at, 2));
  uint32_t number = get(p, at + 2, 4);
  if (number > 99'999'999) return std::nullopt;
  out.serial = make_certificate_serial(out.issued_on, number);
  out.course_id = get(p, at + 6, 4);
  return out;
}

}  // namespace jz::training
