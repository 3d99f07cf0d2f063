#include "training/certificate.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include "verify/token.hpp"
#include "verify/token_text.hpp"

namespace jz::training {
namespace {

constexpr size_t kFixedBytes = 1 + 1 + 1 + 2 + 4 + 4;

void put(std::string& out, uint32_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

std::string make_certificate_serial(std::string_view issued_on, uint32_t number) {
  return fmt::format("GT{}{:08}", verify::compact_date(issued_on), number % 100'000'000);
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
  if (p.public_id.empty() || p.public_id.size() > 64 || !verify::printable_ascii(p.public_id))
    return make_error("invalid_field", "public_id", "1-64 printable ASCII characters");
  auto issued = verify::days_from_date(p.issued_on);
  if (!issued || *issued < 0 || *issued > 0xffff)
    return make_error("invalid_field", "issued_on", "date 1970-2149");
  if (!looks_like_certificate_serial(p.serial) || p.serial.substr(2, 8) != verify::compact_date(p.issued_on))
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
  return verify::base64url_encode(*payload) + "." + verify::base64url_encode(key.sign(*payload));
}

Result<std::string> sign_certificate_sm2(const CertificatePayload& p, const verify::Sm2SigningKey& key) {
  auto payload = certificate_payload(p, kCertificateTokenVersionSm2);
  if (!payload) return payload.error();
  return verify::base64url_encode(*payload) + "." + verify::base64url_encode(key.sign(*payload));
}

std::optional<CertificatePayload> check_certificate(std::string_view token, const verify::PublicKey& key,
                                                    const verify::Sm2PublicKey* sm2) {
  if (token.size() > 512) return std::nullopt;
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || token.find('.', dot + 1) != std::string_view::npos)
    return std::nullopt;
  auto payload = verify::base64url_decode(token.substr(0, dot));
  auto signature = verify::base64url_decode(token.substr(dot + 1));
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
  if (!verify::printable_ascii(out.public_id)) return std::nullopt;
  size_t at = 3 + id_len;
  out.issued_on = verify::date_from_days(verify::read_be(p, at, 2));
  uint32_t number = verify::read_be(p, at + 2, 4);
  if (number > 99'999'999) return std::nullopt;
  out.serial = make_certificate_serial(out.issued_on, number);
  out.course_id = verify::read_be(p, at + 6, 4);
  return out;
}

}  // namespace jz::training
