#pragma once
// Plain types of the verify module: service certificates (居家上门服务证) as stored, the facts a public
// verification reads about a worker, and the verdict of a verification (家政信用查).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jz::verify {

// One row of service_certificates, with the worker's public id.
struct Certificate {
  int64_t id = 0;
  std::string serial;
  int64_t worker_id = 0;
  std::string public_id;
  std::optional<int64_t> issued_by;
  std::string issued_on;   // YYYY-MM-DD
  std::string expires_on;  // YYYY-MM-DD, last valid day
  std::string token;
  std::optional<std::string> revoked_at;  // UTC timestamp
  std::optional<std::string> revoke_reason;
  std::optional<std::string> photo_sha256;  // SHA-256 (hex) of the photo it was issued with; none: no photo then
};

// valid | expired | revoked, as of `today`.
std::string certificate_state(const Certificate& c, const std::string& today);

struct OccupationFact {
  std::string code;
  std::string name_zh;
  std::string name_en;
  int level = 1;
};

// A credit entry as the public profile may use it (never details_enc, never evidence).
struct EntryFact {
  std::string kind;
  std::string status;  // active | disputed (withdrawn entries are never read)
  std::string occurred_on;
  std::optional<std::string> valid_until;
  std::string summary;
  std::string details;  // JSON text
  std::string source_name;
  bool independent = false;
};

// Everything the public profile is built from, read with indexed single-row or single-worker lookups.
struct ProfileFacts {
  bool has_photo = false;  // a photo is on file (else the profile shows none rather than a broken link)
  std::optional<std::string> photo_sha256;  // worker_photos.sha256 of the photo on file now
  int64_t worker_id = 0;
  std::string public_id;
  std::string name;  // plaintext in the database; masked before it leaves the service
  std::string gender;
  std::string birth_date;
  std::string identity_status;  // workers.identity_status: verified | unverified | failed …
  std::optional<std::string> enterprise_name;
  std::optional<std::string> band;        // credit_scores.band
  std::optional<std::string> components;  // credit_scores.components (JSON text)
  std::optional<std::string> score_computed_at;
  std::vector<OccupationFact> occupations;
  std::vector<EntryFact> entries;  // non-withdrawn entries of the kinds the profile shows, newest first per kind
};

enum class Verdict { valid, forged, expired, revoked };
std::string_view verdict_name(Verdict v);

// How a verification was asked for; recorded in the audit summary.
enum class Channel { token_api, token_page, serial };

// The answer to "is this certificate genuine, current and not revoked, and whose is it?".
struct Verification {
  Verdict verdict = Verdict::forged;
  std::string today;
  std::optional<Certificate> certificate;  // absent when forged
  bool on_record = true;                   // false: genuinely signed, but no such certificate is stored
  std::optional<ProfileFacts> profile;     // absent when forged or not on record
  // The photo on file is still the one the certificate was issued with, and the certificate is not revoked:
  // only then does the page show it (served by certificate token, /api/v1/verify/{token}/photo).
  bool photo_matches = false;
};

}  // namespace jz::verify
