#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace jz::http {
namespace {

TEST(ClientAddress, CidrListsParseAndMatch) {
  auto r = parse_cidr_list("10.0.0.0/8, 127.0.0.1 ,::1/128,fd00::/8", "trusted_proxies");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 4u);
  EXPECT_TRUE(in_ranges("10.200.3.4", *r));
  EXPECT_TRUE(in_ranges("127.0.0.1", *r));
  EXPECT_FALSE(in_ranges("127.0.0.2", *r));
  EXPECT_TRUE(in_ranges("::1", *r));
  EXPECT_TRUE(in_ranges("fd12::5", *r));
  EXPECT_FALSE(in_ranges("11.0.0.1", *r));
  EXPECT_FALSE(in_ranges("not-an-ip", *r));
  EXPECT_TRUE(parse_cidr_list("", "x")->empty());
  EXPECT_FALSE(parse_cidr_list("10.0.0.0/33", "x"));
  EXPECT_FALSE(parse_cidr_list("10.0.0/8", "x"));
  EXPECT_FALSE(parse_cidr_list("example.com", "x"));
  EXPECT_EQ(parse_cidr_list("1.2.3.4/x", "trusted_proxies").error().field, "trusted_proxies");
}

TEST(ClientAddress, ForwardedHeadersCountOnlyFromTrustedProxies) {
  auto trusted = *parse_cidr_list("10.0.0.0/8", "t");
  // From an untrusted peer the headers are the client's own words and are ignored.
  auto direct = client_origin("203.0.113.9", "1.1.1.1", "https", trusted);
  EXPECT_EQ(direct.ip, "203.0.113.9");
  EXPECT_FALSE(direct.https);
  // Through the load balancer: the right-most untrusted hop is the client; a forged left part is ignored.
  auto via = client_origin("10.0.0.5", "6.6.6.6, 198.51.100.7, 10.0.0.9", "https", trusted);
  EXPECT_EQ(via.ip, "198.51.100.7");
  EXPECT_TRUE(via.https);
  EXPECT_FALSE(client_origin("10.0.0.5", "198.51.100.7", "http", trusted).https);
  // No header: the proxy itself.
  EXPECT_EQ(client_origin("10.0.0.5", "", "", trusted).ip, "10.0.0.5");
  // Nothing trusted (the default): the peer, always.
  EXPECT_EQ(client_origin("10.0.0.5", "198.51.100.7", "https", {}).ip, "10.0.0.5");
}

}  // namespace
}  // namespace jz::http
