#pragma once
// The public verification page, GET /v/{token}: what a household sees after scanning a certificate's QR
// code with the phone's camera. Server-rendered HTML — no JavaScript, inline CSS, a few kilobytes — so it
// opens at once over a slow link on any phone: the verdict in large plain words, the 安心码 light, then
// the public profile. Chinese by default, English for Accept-Language: en (or ?lang=en).
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "verify/model.hpp"
#include "verify/public_profile.hpp"

namespace jz::verify {

// The headline of a verdict ("证书有效", "Certificate expired (valid until 2026-01-01)" …).
std::string verdict_headline(const Verification& v, Lang lang);
// One or two sentences telling a household what to do.
std::string_view verdict_advice(const Verification& v, Lang lang);

// `profile` is null when there is none to show (forged, not on record). `self_path` is the page's own path,
// for the language switch.
std::string render_page(const Verification& v, const PublicProfile* profile, const StatusLight& light, Lang lang,
                        std::string_view self_path);

std::string html_escape(std::string_view s);

}  // namespace jz::verify
