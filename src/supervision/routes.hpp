#pragma once
// HTTP routes of the supervision module (docs/supervision.md):
//   GET /api/v1/supervision/dashboard   the province's figures for a period (period=YYYY|YYYY-Qn|YYYY-MM or
//                                       from&to) by 市州, or by county with prefecture=NNNN; officials, a city
//                                       officer within her 市州
//   GET  /api/v1/accounts                 accounts in scope (province admin: all; city officer: her 市州's
//                                         enterprise, institution and worker accounts); role, q, disabled, paged
//   POST /api/v1/accounts                 create with a one-time password (shown once)
//   PUT  /api/v1/accounts/{account}            role, division, department
//   POST /api/v1/accounts/{account}/disable, …/enable, …/password-reset   (a reset shows a new one-time password once)
//   GET  /api/v1/accounts/logins          the login log of the accounts in scope
#include <boost/json.hpp>

#include <memory>

#include "db/database.hpp"
#include "http/router.hpp"
#include "reference/divisions.hpp"

namespace jz::training {
class Service;
}
namespace jz::accounts {
class Service;
}

namespace jz::supervision {

class Service;

// Adds the routes and starts loading the figures index on a thread. The returned object owns the service;
// keep it alive while serving. `training` provides the trainee-times figures (its own index).
[[nodiscard]] std::shared_ptr<Service> register_routes(http::Router& router, db::Database& db,
                                                       const reference::DivisionCatalog& catalog,
                                                       std::shared_ptr<training::Service> training,
                                                       accounts::Service& accounts);

// The thirteen measures' task board (tasks.hpp, tasks_routes.cpp); called by register_routes.
class TaskBoard;
std::shared_ptr<TaskBoard> register_task_routes(http::Router& router, db::Database& db, std::shared_ptr<Service> svc);

// Pain points (painpoints_service.hpp, painpoints_routes.cpp); called by register_routes.
class PainPointService;
struct PainPointReport;
std::shared_ptr<PainPointService> register_painpoint_routes(http::Router& router, db::Database& db,
                                                            const reference::DivisionCatalog& catalog);
// The JSON of GET /api/v1/supervision/painpoints (also what the tests compare recompute_painpoints with).
boost::json::object painpoints_json(const PainPointReport& r, const reference::DivisionCatalog& catalog);
// The monthly report as XLSX or PDF (report.hpp, report_routes.cpp); called by register_routes.
void register_report_routes(http::Router& router, std::shared_ptr<Service> svc, std::shared_ptr<TaskBoard> board,
                            std::shared_ptr<PainPointService> pains, const reference::DivisionCatalog& catalog);

}  // namespace jz::supervision
