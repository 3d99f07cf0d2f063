#pragma once
// HTTP routes for reference data: divisions (list, one, flag update), occupations, labour brands, and the
// validators (ID number, USCC, mobile).
#include "db/database.hpp"
#include "http/router.hpp"
#include "reference/divisions.hpp"

namespace jz::reference {

void register_routes(http::Router& router, db::Database& db, const DivisionCatalog& catalog);

}  // namespace jz::reference
