#include "verify/token.hpp"

#include "common/text.hpp"
#include "verify/token_text.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <chrono>

namespace jz::verify {
namespace {

constexpr int kB64Url = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr uint32_t kMaxSerialNumber = 99'999'999;
constexpr size_t kFixedPayloadBytes = 1 + 1 + 2 + 2 + 4;

void put16(std::string& out, uint32_t v) {
  out += static_cast<char>((v >> 8) & 0xff);
  out += static_cast<char>(v & 0xff);
}
void put32(std::string& out, uint32_t v) {
  put16(out, v >> 16);
  put16(out, v & 0xffff);
}

}  // namespace

uint32_t read_be(std::string_view s, size_t at, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

bool printable_ascii(std::string_view s) {
  for (char c : s)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

std::string compact_date(std::string_view date) {
  return std::string(date.substr(0, 4)) + std::string(date.substr(5, 2)) + std::string(date.substr(8, 2));
}

std::string base64url_encode(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kB64Url), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kB64Url);
  out.resize(out.size() - 1);
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string out(text.size(), '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &len, &end, kB64Url) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(len);
  // Reject non-canonical encodings (trailing bits set): two spellings of one token would let an altered
  // string pass as the same certificate.
  if (base64url_encode(out) != text) return std::nullopt;
  return out;
}

std::string_view token_status_name(TokenStatus s) {
  switch (s) {
    case TokenStatus::valid: return "valid";
    case TokenStatus::bad_format: return "bad_format";
    case TokenStatus::bad_signature: return "bad_signature";
    case TokenStatus::expired: return "expired";
    case TokenStatus::not_yet_valid: return "not_yet_valid";
  }
  return "bad_format";
}

std::optional<int64_t> days_from_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return std::nullopt;
  int y = std::stoi(std::string(d.substr(0, 4)));
  unsigned m = static_cast<unsigned>(std::stoi(std::string(d.substr(5, 2))));
  unsigned day = static_cast<unsigned>(std::stoi(std::string(d.substr(8, 2))));
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{day}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd).time_since_epoch().count();
}

std::string date_from_days(int64_t days) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string make_serial(std::string_view issued_on, uint32_t number) {
  return fmt::format("GS{}{:08}", compact_date(issued_on), number);
}

bool looks_like_serial(std::string_view s) {
  if (s.size() != 18 || s.substr(0, 2) != "GS") return false;
  for (char c : s.substr(2))
    if (c < '0' || c > '9') return false;
  return true;
}

std::string canonical_serial(std::string_view typed) {
  std::string out;
  for (char c : normalize_halfwidth(typed)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '.') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

// The payload bytes after the version (and algorithm) bytes, checked.
static Result<std::string> payload_body(const TokenPayload& p) {
  if (p.public_id.empty() || p.public_id.size() > kMaxPublicIdLength || !printable_ascii(p.public_id))
    return make_error("invalid_field", "public_id", "1-64 printable ASCII characters");
  auto issued = days_from_date(p.issued_on);
  auto expires = days_from_date(p.expires_on);
  if (!issued || *issued < 0 || *issued > 0xffff) return make_error("invalid_field", "issued_on", "date 1970-2149");
  if (!expires || *expires < *issued || *expires > 0xffff)
    return make_error("invalid_field", "expires_on", "date after issue, before 2150");
  if (!looks_like_serial(p.serial) || p.serial.substr(2, 8) != compact_date(p.issued_on))
    return make_error("invalid_field", "serial", "GS + issue date + 8 digits");
  uint32_t number = static_cast<uint32_t>(std::stoul(p.serial.substr(10)));
  std::string payload;
  payload += static_cast<char>(p.public_id.size());
  payload += p.public_id;
  put16(payload, static_cast<uint32_t>(*issued));
  put16(payload, static_cast<uint32_t>(*expires));
  put32(payload, number);
  return payload;
}

Result<std::string> sign_token(const TokenPayload& p, const SigningKey& key) {
  auto body = payload_body(p);
  if (!body) return body.error();
  std::string payload = std::string(1, static_cast<char>(kTokenVersion)) + *body;
  return base64url_encode(payload) + "." + base64url_encode(key.sign(payload));
}

Result<std::string> sign_token_sm2(const TokenPayload& p, const Sm2SigningKey& key) {
  auto body = payload_body(p);
  if (!body) return body.error();
  std::string payload = std::string{static_cast<char>(kTokenVersionAlg), static_cast<char>(kAlgSm2Sm3)} + *body;
  return base64url_encode(payload) + "." + base64url_encode(key.sign(payload));
}

TokenCheck check_token(std::string_view token, const PublicKey& key, std::string_view today, const Sm2PublicKey* sm2) {
  TokenCheck out;
  auto bad = [&out](std::string detail) {
    out.status = TokenStatus::bad_format;
    out.detail = std::move(detail);
    return out;
  };
  if (token.size() > 512) return bad("too long");
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || token.find('.', dot + 1) != std::string_view::npos)
    return bad("not two parts separated by '.'");
  auto payload = base64url_decode(token.substr(0, dot));
  auto signature = base64url_decode(token.substr(dot + 1));
  if (!payload || !signature) return bad("not base64url");
  // Version 1 is Ed25519; version 4 (kTokenVersionAlg) names its algorithm in the next byte (2 = SM2 with SM3). The signature
  // covers every payload byte, version and algorithm included, so check it before parsing anything else:
  // anything altered reads as "forged", and a key verifies only signatures of its own algorithm.
  const std::string& p = *payload;
  if (p.empty()) return bad("payload too short");
  const auto version = static_cast<unsigned char>(p[0]);
  size_t start = 1;
  if (version == kTokenVersion) {
    if (signature->size() != PublicKey::kSignatureSize) return bad("signature is not 64 bytes");
    if (!key.verify(p, *signature)) {
      out.status = TokenStatus::bad_signature;
      return out;
    }
  } else if (version == kTokenVersionAlg && p.size() > 1 && static_cast<unsigned char>(p[1]) == kAlgSm2Sm3) {
    if (signature->size() > 80) return bad("SM2 signature too long");
    if (!sm2 || !sm2->verify(p, *signature)) {
      out.status = TokenStatus::bad_signature;
      return out;
    }
    start = 2;
  } else {
    // Unknown version or algorithm (training certificates and contracts are other kinds, token_kinds.hpp): not a
    // service certificate token at all.
    return bad("unknown version");
  }
  if (p.size() < start + kFixedPayloadBytes) return bad("payload too short");
  size_t id_len = static_cast<unsigned char>(p[start]);
  if (id_len == 0 || p.size() != start - 1 + kFixedPayloadBytes + id_len) return bad("payload length");
  out.payload.public_id = p.substr(start + 1, id_len);
  size_t at = start + 1 + id_len;
  int64_t issued = read_be(p, at, 2), expires = read_be(p, at + 2, 2);
  uint32_t number = read_be(p, at + 4, 4);
  if (number > kMaxSerialNumber || expires < issued || !printable_ascii(out.payload.public_id))
    return bad("payload values");
  out.payload.issued_on = date_from_days(issued);
  out.payload.expires_on = date_from_days(expires);
  out.payload.serial = make_serial(out.payload.issued_on, number);
  auto now = days_from_date(today);
  out.status = now && *now > expires  ? TokenStatus::expired
               : now && *now < issued ? TokenStatus::not_yet_valid
                                      : TokenStatus::valid;
  return out;
}

std::string sign_kind_payload(std::string_view payload, const SigningKey& key) {
  return base64url_encode(payload) + "." + base64url_encode(key.sign(payload));
}

std::optional<std::string> open_kind_token(std::string_view token, const PublicKey& key) {
  if (token.size() > 512) return std::nullopt;
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || token.find('.', dot + 1) != std::string_view::npos) return std::nullopt;
  auto payload = base64url_decode(token.substr(0, dot));
  auto signature = base64url_decode(token.substr(dot + 1));
  if (!payload || !signature || signature->size() != PublicKey::kSignatureSize || payload->empty())
    return std::nullopt;
  if (!key.verify(*payload, *signature)) return std::nullopt;
  return payload;
}

}  // namespace jz::verify
