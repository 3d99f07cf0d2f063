#pragma once
// HTTP routes of the credit file: entries, the score, reviews, complaints, disputes, entry history,
// expiry reminders and "who viewed my record". Request → credit::Service → JSON; no SQL here.
#include "credit/service.hpp"
#include "http/router.hpp"

namespace jz::credit {

void register_routes(http::Router& router, Service& service);

// A complaint as every route shows it (services/ lists an order's complaints with it).
boost::json::object complaint_to_json(const Complaint& c, Lang lang);

}  // namespace jz::credit
