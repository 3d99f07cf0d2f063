#pragma once
// HTTP routes of the training module (docs/training.md):
//   GET  /api/v1/training/courses                         public catalogue (occupation, prefecture, mode, q)
//   GET  /api/v1/training/courses/{id}                    public course page with its units
//   POST /api/v1/training/courses                         institution (own), province admin (any institution)
//   POST /api/v1/training/courses/{id}/enrolments         worker (herself), enterprise (staff), city officer
//                                                         (cohort in her 市州), province admin
//   GET  /api/v1/training/me/enrolments                   the worker's courses with progress
//   GET  /api/v1/training/enrolments/{id}                 the worker, the providing institution, officials
//   and
//                                                         enterprise in scope
//   POST /api/v1/training/enrolments/{id}/units/{unit}/open   start a study session (worker)
//   POST /api/v1/training/sessions/{id}/heartbeat         credit server-timed study time (worker)
//   POST /api/v1/training/enrolments/{id}/units/{unit}/attendance  offline unit attended (institution)
//   POST /api/v1/training/enrolments/{id}/assessment      score entered by the providing institution
//   GET  /api/v1/training/enrolments/{id}/quiz            quiz questions without answers (worker)
//   POST /api/v1/training/enrolments/{id}/quiz            answers, scored by the server (worker)
//   GET  /api/v1/training/institution/enrolments          the institution's console
//   GET  /api/v1/training/certificates/{serial}           public verification by serial
//   GET  /api/v1/training/verify/{token}                  public verification by signed token
//   GET  /api/v1/training/progress                        trainee-times, targets, projection (officials)
//   PUT  /api/v1/training/targets                         targets per 市州 (province admin)
//   POST /api/v1/training/surveys, GET …/surveys, GET …/offers   摸底调查 and targeted offers (officials)
//   GET  /api/v1/training/competitions, POST …, POST …/{id}/awards   skill competitions
#include <filesystem>
#include <memory>
#include <string>

#include "db/database.hpp"
#include "http/router.hpp"
#include "reference/divisions.hpp"
#include "security/field_crypto.hpp"

namespace jz::training {

class Service;

// Loads the Ed25519 signing key from `key_dir` (the service certificates' key: verify registers first and
// creates it) and adds the routes. The returned object owns the service; keep it alive while serving.
[[nodiscard]] std::shared_ptr<Service> register_routes(http::Router& router, db::Database& db,
                                                       const security::FieldCipher& cipher,
                                                       const reference::DivisionCatalog& catalog,
                                                       const std::filesystem::path& key_dir,
                                                       std::string public_url);

}  // namespace jz::training
