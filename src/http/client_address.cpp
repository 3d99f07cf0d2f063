#include "http/client_address.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <optional>

#include "common/text.hpp"

namespace jz::http {
namespace {

std::optional<std::array<uint8_t, 16>> parse_ip(std::string_view text, bool* v4 = nullptr) {
  std::string s(trim_ascii(text));
  std::array<uint8_t, 16> out{};
  in_addr a4{};
  if (inet_pton(AF_INET, s.c_str(), &a4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &a4, 4);
    if (v4) *v4 = true;
    return out;
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, s.c_str(), &a6) == 1) {
    std::memcpy(out.data(), &a6, 16);
    if (v4) *v4 = false;
    return out;
  }
  return std::nullopt;
}

bool contains(const Cidr& c, const std::array<uint8_t, 16>& a) {
  int bits = c.prefix;
  for (size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((a[i] & mask) != (c.addr[i] & mask)) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<Cidr>> parse_cidr_list(std::string_view list, const std::string& field) {
  std::vector<Cidr> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string_view item = trim_ascii(list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    start = comma == std::string_view::npos ? list.size() + 1 : comma + 1;
    if (item.empty()) continue;
    auto slash = item.find('/');
    bool v4 = false;
    auto addr = parse_ip(item.substr(0, slash), &v4);
    if (!addr) return make_error("invalid_field", field, "not an IP address or CIDR range: " + std::string(item));
    Cidr c;
    c.addr = *addr;
    int max = v4 ? 32 : 128;
    int prefix = max;
    if (slash != std::string_view::npos) {
      auto p = item.substr(slash + 1);
      auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
      if (ec != std::errc() || ptr != p.data() + p.size() || prefix < 0 || prefix > max)
        return make_error("invalid_field", field, "bad prefix length: " + std::string(item));
    }
    c.prefix = v4 ? prefix + 96 : prefix;
    out.push_back(c);
  }
  return out;
}

bool in_ranges(std::string_view ip, const std::vector<Cidr>& ranges) {
  if (ranges.empty()) return false;
  auto a = parse_ip(ip);
  if (!a) return false;
  for (const auto& c : ranges)
    if (contains(c, *a)) return true;
  return false;
}

ClientOrigin client_origin(std::string_view peer, std::string_view forwarded_for, std::string_view forwarded_proto,
                           const std::vector<Cidr>& trusted) {
  ClientOrigin out{std::string(peer), false};
  if (!in_ranges(peer, trusted)) return out;
  // Walk X-Forwarded-For from the right: each trusted hop appended the address it saw.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    size_t comma = rest.rfind(',');
    std::string_view hop = trim_ascii(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (hop.empty()) continue;
    if (!parse_ip(hop)) break;  // garbage: stop at the last address we could read
    out.ip = std::string(hop);
    if (!in_ranges(hop, trusted)) break;
  }
  std::string_view proto = trim_ascii(forwarded_proto.substr(0, forwarded_proto.find(',')));
  out.https = proto.size() == 5 && (proto == "https" || proto == "HTTPS");
  return out;
}

}  // namespace jz::http
