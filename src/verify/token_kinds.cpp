#include "verify/token_kinds.hpp"

#include <sodium.h>

#include <map>
#include <mutex>

#include "verify/token.hpp"

namespace jz::verify {
namespace {

std::mutex mu;
std::map<unsigned char, OtherTokenHandler>& handlers() {
  static std::map<unsigned char, OtherTokenHandler> h;  // guarded by mu
  return h;
}

}  // namespace

void register_token_kind(unsigned char version, OtherTokenHandler handler) {
  if (version == kTokenVersion) return;
  std::lock_guard lock(mu);
  handlers()[version] = std::move(handler);
}

const OtherTokenHandler* token_kind_handler(std::string_view token) {
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || token.size() > 512) return nullptr;
  // Only the first payload byte is needed: decode the first 4 base64url characters (3 bytes).
  std::string_view head = token.substr(0, std::min<size_t>(dot, 4));
  unsigned char bytes[3];
  size_t len = 0;
  if (sodium_base642bin(bytes, sizeof bytes, head.data(), head.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      len == 0)
    return nullptr;
  std::lock_guard lock(mu);
  auto it = handlers().find(bytes[0]);
  return it == handlers().end() ? nullptr : &it->second;
}

}  // namespace jz::verify
