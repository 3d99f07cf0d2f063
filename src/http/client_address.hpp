#pragma once
// Who the client is when the server sits behind a load balancer or nginx. X-Forwarded-For and
// X-Forwarded-Proto are believed only from a peer in the configured `trusted_proxies` (a CIDR list): anyone
// else could write them to take another address's login budget or pretend the request came over HTTPS.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace jz::http {

struct Cidr {
  std::array<uint8_t, 16> addr{};  // IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d)
  int prefix = 128;                // over the 128-bit form
};

// "10.0.0.0/8, 127.0.0.1, ::1/128" → the ranges; an empty string → none. Error invalid_field(field) on a
// bad entry.
[[nodiscard]] Result<std::vector<Cidr>> parse_cidr_list(std::string_view list, const std::string& field);
// True when `ip` (textual IPv4 or IPv6) lies in one of the ranges.
[[nodiscard]] bool in_ranges(std::string_view ip, const std::vector<Cidr>& ranges);

struct ClientOrigin {
  std::string ip;      // the client's address
  bool https = false;  // the client reached the first trusted proxy over HTTPS
};
// The client behind `peer`: when the peer is trusted, the right-most address of X-Forwarded-For that is not
// itself a trusted proxy (left-most entries are written by the client and prove nothing), and HTTPS when
// X-Forwarded-Proto's first value says so. Otherwise the peer itself, over plain HTTP.
[[nodiscard]] ClientOrigin client_origin(std::string_view peer, std::string_view forwarded_for,
                                         std::string_view forwarded_proto, const std::vector<Cidr>& trusted);

}  // namespace jz::http
