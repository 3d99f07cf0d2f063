// Precompiled header for the few translation units that include Beast/Asio (src/http/server.cpp and the
// test HTTP client): these headers dominate their compile time.
#pragma once
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url.hpp>
