#pragma once
// Sending SMS verification codes. The platform only needs "send this text to this number"; which gateway
// does it is the operator's choice (docs/operations.md, "SMS"). The default sender writes the message to the
// server log with the number masked, so a test system or a pilot can work without a gateway contract.
#include <memory>
#include <string>

namespace jz::accounts {

class SmsSender {
 public:
  virtual ~SmsSender() = default;
  // `phone` is the normalised 11-digit mobile number; `text` the whole message. Must not throw for a number
  // the gateway refuses: report it in the log (the user asks for a new code).
  virtual void send(const std::string& phone, const std::string& text) = 0;
};

// Writes "SMS to 138****5678: <text>" to the server log at info level.
class LogSmsSender final : public SmsSender {
 public:
  void send(const std::string& phone, const std::string& text) override;
};

// The sender named by the configuration key sms_sender ("log"); throws std::invalid_argument for another name.
std::unique_ptr<SmsSender> make_sms_sender(const std::string& name);

}  // namespace jz::accounts
