#pragma once
// Request and response bodies of the certificate and verification routes.
// Declared on the routes (`.request`, `.response`) for the OpenAPI document and the response check
// (http/response_check.hpp); first proposed by scripts/openapi-types.py from real answers.
#include <boost/describe.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jz::verify::api {

struct CertificatePublicKeyView {
  boost::json::value sm2;
  std::string algorithm;
  std::string public_key;
  std::string pem;
  std::string token_format;
};
BOOST_DESCRIBE_STRUCT(CertificatePublicKeyView, (), (sm2, algorithm, public_key, pem, token_format))

struct CertificateViewCertificate {
  std::string serial;
  std::string issued_on;
  std::string expires_on;
  boost::json::value revoked_on;
  bool on_record{};
};
BOOST_DESCRIBE_STRUCT(CertificateViewCertificate, (), (serial, issued_on, expires_on, revoked_on, on_record))

struct CertificateViewProfileOccupation {
  std::string code;
  std::string name;
  int64_t level{};
  std::string level_name;
};
BOOST_DESCRIBE_STRUCT(CertificateViewProfileOccupation, (), (code, name, level, level_name))

struct CertificateViewProfileCreditReason {
  std::string text;
  double points{};
};
BOOST_DESCRIBE_STRUCT(CertificateViewProfileCreditReason, (), (text, points))

struct CertificateViewProfileCredit {
  std::string band;
  std::vector<CertificateViewProfileCreditReason> reasons;
  std::string computed_at;
};
BOOST_DESCRIBE_STRUCT(CertificateViewProfileCredit, (), (band, reasons, computed_at))

struct CertificateViewProfileIdentity {
  std::string status;
  std::optional<std::string> date;
};
BOOST_DESCRIBE_STRUCT(CertificateViewProfileIdentity, (), (status, date))

struct CertificateViewProfileBackgroundCheck {
  std::string status;
  boost::json::value date;
};
BOOST_DESCRIBE_STRUCT(CertificateViewProfileBackgroundCheck, (), (status, date))

struct CertificateViewProfileHealthCheck {
  std::string status;
  std::optional<std::string> valid_until;
  boost::json::value level;
  bool expiring_soon{};
};
BOOST_DESCRIBE_STRUCT(CertificateViewProfileHealthCheck, (), (status, valid_until, level, expiring_soon))

struct CertificateViewProfileInsurancePolicy {
  std::string kind;
  std::string insurer;
  std::string valid_until;
  std::string status;
};
BOOST_DESCRIBE_STRUCT(CertificateViewProfileInsurancePolicy, (), (kind, insurer, valid_until, status))

struct CertificateViewProfileEnterprise {
  std::string name;
};
BOOST_DESCRIBE_STRUCT(CertificateViewProfileEnterprise, (), (name))

struct CertificateViewStatusLightReason {
  std::string code;
  std::string message;
};
BOOST_DESCRIBE_STRUCT(CertificateViewStatusLightReason, (), (code, message))

struct CertificateViewStatusLight {
  std::string color;
  std::vector<CertificateViewStatusLightReason> reasons;
};
BOOST_DESCRIBE_STRUCT(CertificateViewStatusLight, (), (color, reasons))

struct ProfileInsurance {
  std::string status;
  std::optional<std::string> valid_until;
  bool expiring_soon{};
  std::vector<CertificateViewProfileInsurancePolicy> policies;
};
BOOST_DESCRIBE_STRUCT(ProfileInsurance, (), (status, valid_until, expiring_soon, policies))

struct Profile {
  std::string public_id;
  std::string name;
  std::optional<std::string> photo_url;
  int64_t age{};
  std::vector<CertificateViewProfileOccupation> occupations;
  CertificateViewProfileCredit credit;
  CertificateViewProfileIdentity identity;
  CertificateViewProfileBackgroundCheck background_check;
  CertificateViewProfileHealthCheck health_check;
  ProfileInsurance insurance;
  std::vector<boost::json::value> training;
  CertificateViewProfileEnterprise enterprise;
};
BOOST_DESCRIBE_STRUCT(Profile, (),
                      (public_id, name, photo_url, age, occupations, credit, identity, background_check,
                       health_check, insurance, training, enterprise))

struct CertificateView {
  std::string result;
  std::string message;
  std::string advice;
  std::string checked_on;
  std::optional<CertificateViewCertificate> certificate;
  std::optional<Profile> profile;
  CertificateViewStatusLight status_light;
};
BOOST_DESCRIBE_STRUCT(CertificateView, (),
                      (result, message, advice, checked_on, certificate, profile, status_light))

struct VerifyViewCertificate {
  std::string serial;
  std::string issued_on;
  std::string expires_on;
  std::optional<std::string> revoked_on;
  bool on_record{};
};
BOOST_DESCRIBE_STRUCT(VerifyViewCertificate, (), (serial, issued_on, expires_on, revoked_on, on_record))

struct VerifyView {
  std::string result;
  std::optional<std::string> message;
  std::optional<std::string> advice;
  std::optional<std::string> checked_on;
  std::optional<VerifyViewCertificate> certificate;
  std::optional<Profile> profile;
  std::optional<CertificateViewStatusLight> status_light;
  std::optional<std::string> serial;
  std::optional<std::string> public_id;
  std::optional<std::string> worker_name;
  std::optional<int64_t> course_id;
  std::optional<std::string> course_title;
  std::optional<std::string> certificate_name;
  std::optional<std::string> occupation_code;
  std::optional<std::string> institution_name;
  std::optional<std::string> issued_on;
  std::optional<std::string> token;
  std::optional<std::string> verify_url;
  std::optional<std::string> kind;
};
BOOST_DESCRIBE_STRUCT(VerifyView, (),
                      (result, message, advice, checked_on, certificate, profile, status_light, serial,
                       public_id, worker_name, course_id, course_title, certificate_name, occupation_code,
                       institution_name, issued_on, token, verify_url, kind))

struct Certificate {
  int64_t id{};
  std::string serial;
  int64_t worker_id{};
  std::string public_id;
  std::string issued_on;
  std::string expires_on;
  std::string status;
  std::optional<std::string> revoked_at;
  std::optional<std::string> revoke_reason;
  std::string token;
  std::string verify_url;
  std::string qr_url;
};
BOOST_DESCRIBE_STRUCT(Certificate, (),
                      (id, serial, worker_id, public_id, issued_on, expires_on, status, revoked_at,
                       revoke_reason, token, verify_url, qr_url))

struct WorkerCertificatesView {
  std::vector<Certificate> items;
  int64_t total{};
};
BOOST_DESCRIBE_STRUCT(WorkerCertificatesView, (), (items, total))

struct CertificateRevokeInput {
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(CertificateRevokeInput, (), (reason))

struct WorkerCertificateInput {
  boost::json::value expires_on;
};
BOOST_DESCRIBE_STRUCT(WorkerCertificateInput, (), (expires_on))

}  // namespace jz::verify::api
