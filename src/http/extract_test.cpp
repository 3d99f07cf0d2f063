// The typed extractors of http::Context: each gives the value or ends the request with a 4xx naming the input.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/router.hpp"

namespace jz::http {
namespace {

struct Address {
  std::string city;
  std::optional<std::string> street;
};
BOOST_DESCRIBE_STRUCT(Address, (), (city, street))

// A described request body: optional members may be omitted or null.
struct Sample {
  std::string name;
  int64_t count = 0;
  bool active = false;
  std::optional<int> level;
  std::vector<std::string> tags;
  std::optional<Address> address;
};
BOOST_DESCRIBE_STRUCT(Sample, (), (name, count, active, level, tags, address))

Request with_query(std::map<std::string, std::string> q) {
  Request r;
  r.query = std::move(q);
  return r;
}

Error error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const RequestError& e) {
    return e.error();
  }
  ADD_FAILURE() << "no RequestError thrown";
  return {};
}

TEST(HttpPage, DefaultsAndValidValues) {
  auto p = parse_page(with_query({}));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->page, 1);
  EXPECT_EQ(p->page_size, 20);
  EXPECT_EQ(p->offset(), 0);
  p = parse_page(with_query({{"page", "3"}, {"page_size", "200"}}));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->offset(), 400);
  p = parse_page(with_query({{"page", ""}, {"page_size", ""}}), 50);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->page_size, 50);
}

TEST(HttpPage, RefusesOutOfRangeAndOverflowingValues) {
  for (const char* page : {"0", "-1", "9223372036854775807", "99999999999999999999", "1000001", "1.5", "1 ", "x"}) {
    auto p = parse_page(with_query({{"page", page}}));
    ASSERT_FALSE(p) << page;
    EXPECT_EQ(p.error().code, "invalid_field");
    EXPECT_EQ(p.error().field, "page");
  }
  for (const char* size : {"0", "201", "100000", "-20"}) {
    auto p = parse_page(with_query({{"page_size", size}}));
    ASSERT_FALSE(p) << size;
    EXPECT_EQ(p.error().field, "page_size");
  }
  // The largest page allowed still has an offset far from overflow.
  auto p = parse_page(with_query({{"page", std::to_string(Page::kMaxPage)}, {"page_size", "200"}}));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->offset(), (Page::kMaxPage - 1) * 200);
}

TEST(HttpQuery, IntegersDatesTextAndBooleans) {
  auto r = with_query({{"n", "7"}, {"d", "2024-02-29"}, {"bad_d", "2023-02-29"}, {"t", "abc"}, {"b", "1"}});
  EXPECT_EQ(*query_int(r, "n", 1, 10).value(), 7);
  EXPECT_FALSE(query_int(r, "n", 8, 10));
  EXPECT_FALSE(query_int(r, "missing", 1, 10).value());
  EXPECT_EQ(*query_date(r, "d").value(), "2024-02-29");
  EXPECT_EQ(query_date(r, "bad_d").error().field, "bad_d");
  EXPECT_FALSE(query_date(r, "t"));
  EXPECT_EQ(*query_text(r, "t").value(), "abc");
  EXPECT_FALSE(query_text(r, "t", 2));
  EXPECT_EQ(*query_bool(r, "b").value(), true);
  EXPECT_FALSE(query_bool(r, "t"));
  for (const char* bad : {"2024-13-01", "2024-00-10", "2024-04-31", "1899-12-31", "2024-1-01", "2024/01/01", "２０２４-01-01"})
    EXPECT_FALSE(is_calendar_date(bad)) << bad;
  EXPECT_TRUE(is_calendar_date("2000-02-29"));
  EXPECT_FALSE(is_calendar_date("1900-02-29"));
}

TEST(HttpContext, ExtractorsThrowRequestErrorsNamingTheInput) {
  Request r = with_query({{"page", "-1"}, {"from", "2024-02-30"}});
  r.path_params["id"] = "abc";
  Context ctx(r, nullptr);
  EXPECT_EQ(error_of([&] { (void)ctx.page(); }).field, "page");
  EXPECT_EQ(error_of([&] { (void)ctx.query_date("from"); }).field, "from");
  EXPECT_EQ(error_of([&] { (void)ctx.path_id(); }).code, "not_found");
  EXPECT_EQ(error_of([&] { (void)ctx.caller(); }).code, "unauthenticated");
  EXPECT_EQ(error_of([&] { (void)ctx.need(Result<int>(make_error("conflict"))); }).code, "conflict");
  EXPECT_EQ(ctx.need(Result<int>(5)), 5);
  r.path_params["id"] = "12";
  EXPECT_EQ(ctx.path_id(), 12);
}

TEST(HttpBody, DescribedStructFromJson) {
  Request r;
  r.body = R"({"name":"王芳","count":3,"active":true,"tags":["a","b"],"extra":1,"address":{"city":"兰州"}})";
  Context ctx(r, nullptr);
  auto s = ctx.body<Sample>();
  EXPECT_EQ(s.name, "王芳");
  EXPECT_EQ(s.count, 3);
  EXPECT_TRUE(s.active);
  EXPECT_FALSE(s.level);
  EXPECT_EQ(s.tags.size(), 2u);
  ASSERT_TRUE(s.address);
  EXPECT_EQ(s.address->city, "兰州");
  EXPECT_FALSE(s.address->street);
}

TEST(HttpBody, NamesTheMissingOrWrongField) {
  auto fail = [](const char* body) {
    Request r;
    r.body = body;
    Context ctx(r, nullptr);
    return error_of([&] { (void)ctx.body<Sample>(); });
  };
  auto e = fail(R"({"count":3,"active":true,"tags":[]})");
  EXPECT_EQ(e.code, "missing_field");
  EXPECT_EQ(e.field, "name");
  e = fail(R"({"name":"","count":3,"active":true,"tags":[]})");
  EXPECT_EQ(e.code, "missing_field");
  e = fail(R"({"name":"a","count":"3","active":true,"tags":[]})");
  EXPECT_EQ(e.code, "invalid_field");
  EXPECT_EQ(e.field, "count");
  e = fail(R"({"name":"a","count":3.5,"active":true,"tags":[]})");
  EXPECT_EQ(e.field, "count");
  e = fail(R"({"name":"a","count":3,"active":true,"tags":[1]})");
  EXPECT_EQ(e.field, "tags[0]");
  e = fail(R"({"name":"a","count":3,"active":true,"tags":[],"level":99999999999})");
  EXPECT_EQ(e.field, "level");
  e = fail(R"({"name":"a","count":3,"active":true,"tags":[],"address":{"street":"x"}})");
  EXPECT_EQ(e.field, "address.city");
  e = fail(R"([1,2])");
  EXPECT_EQ(e.code, "bad_json");
}

TEST(HttpBody, SchemaAndOutputFollowTheDescription) {
  auto schema = schema_of<Sample>();
  EXPECT_EQ(schema.at("properties").as_object().at("count").as_object().at("type"), "integer");
  EXPECT_TRUE(schema.at("properties").as_object().at("level").as_object().at("nullable").as_bool());
  auto required = schema.at("required").as_array();
  EXPECT_EQ(required.size(), 4u);  // name, count, active, tags
  Sample s{.name = "a", .count = 2, .active = true, .level = std::nullopt, .tags = {"x"}, .address = Address{"兰州", "x"}};
  auto v = to_json(s).as_object();
  EXPECT_EQ(v.at("count").as_int64(), 2);
  EXPECT_TRUE(v.at("level").is_null());
  EXPECT_EQ(v.at("address").as_object().at("city").as_string(), "兰州");
  // What to_json writes, from_json reads back.
  auto back = from_json<Sample>(v);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->address->street, "x");
}

// A member named like a C++ keyword (`case_`) is the key without its underscore; a map from text is an object
// whose keys are data.
struct Tally {
  std::string case_;
  std::map<std::string, int64_t> by_status;
};
BOOST_DESCRIBE_STRUCT(Tally, (), (case_, by_status))

TEST(HttpBody, KeywordMembersAndMapsFromText) {
  auto schema = schema_of<Tally>();
  const auto& props = schema.at("properties").as_object();
  EXPECT_TRUE(props.contains("case"));
  EXPECT_FALSE(props.contains("case_"));
  EXPECT_EQ(schema.at("required").as_array().at(0), "case");
  EXPECT_EQ(props.at("by_status").at("type"), "object");
  EXPECT_EQ(props.at("by_status").at("additionalProperties").at("type"), "integer");
  auto in = from_json<Tally>(boost::json::parse(R"({"case": "cross_province", "by_status": {"paid": 3}})").as_object());
  ASSERT_TRUE(in);
  EXPECT_EQ(in->case_, "cross_province");
  EXPECT_EQ(in->by_status.at("paid"), 3);
  auto wrong = from_json<Tally>(boost::json::parse(R"({"case": "x", "by_status": {"paid": "3"}})").as_object());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "by_status.paid");
  auto out = to_json(Tally{.case_ = "home_county", .by_status = {{"failed", 1}}}).as_object();
  EXPECT_EQ(out.at("case"), "home_county");
  EXPECT_EQ(out.at("by_status").at("failed"), 1);
}

TEST(HttpRouter, AddAllRegistersATable) {
  Router router;
  router.add_all({
      {.method = Method::get, .path = "/a", .access = security::Access::anyone(), .handler = [](Context&) { return no_content(); }},
      {.method = Method::post, .path = "/a", .access = security::Access::anyone(), .handler = [](Context&) { return no_content(); }},
  });
  EXPECT_EQ(router.routes().size(), 2u);
}

}  // namespace
}  // namespace jz::http
