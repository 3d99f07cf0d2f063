#pragma once
// Expected failures as values: validation, not found, conflict, forbidden. A Result<T> holds either a T
// or an Error whose `code` is stable (clients switch on it) and whose `field` names the offending input.
// Messages and HTTP statuses for codes live in one table, error_catalog.cpp.
#include <string>
#include <utility>
#include <variant>

namespace jz {

struct Error {
  std::string code;    // stable machine code, e.g. "invalid_id_number"; must exist in error_catalog.cpp
  std::string field;   // the request field at fault, or empty
  std::string detail;  // extra context for the message, never personal data (may be shown to the user)
};

inline Error make_error(std::string code, std::string field = {}, std::string detail = {}) {
  return Error{std::move(code), std::move(field), std::move(detail)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}           // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}       // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

// The request's language for messages: zh-CN by default, English when the client prefers it.
enum class Lang { zh, en };

}  // namespace jz
