#pragma once
// Household sign-up with a mobile number, a password and an SMS code (role consumer):
//   POST /api/v1/auth/signup/code   {phone}                              sends a 6-digit code (public)
//   POST /api/v1/auth/signup        {phone, code, password, display_name} creates the account (public)
// The number is stored encrypted (users.phone_enc) with its mask; the account's username is derived from the
// number's keyed blind index, so the login form takes the number (see login_name_for) and neither the
// username, the audit log nor the login-failure table ever holds the number itself.
#include <string>
#include <string_view>

#include "accounts/sms.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "security/field_crypto.hpp"

namespace jz::accounts {

// The username a login form entry stands for: a valid mainland mobile number maps to the account name derived
// from it ("m" + 24 hex digits of its blind index); anything else is returned unchanged.
std::string login_name_for(const security::FieldCipher& cipher, std::string_view typed);

void register_signup_routes(http::Router& router, db::Database& db, const security::FieldCipher& cipher,
                            SmsSender& sms);

}  // namespace jz::accounts
