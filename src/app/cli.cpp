#include "app/cli.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "accounts/routes.hpp"
#include "accounts/service.hpp"
#include "app/config.hpp"
#include "app/demo_data.hpp"
#include "app/key_rotation.hpp"
#include "app/platform_routes.hpp"
#include "common/error_catalog.hpp"
#include "db/migrate.hpp"
#include "http/server.hpp"
#include "reference/routes.hpp"
#include "verify/cli.hpp"
#include "verify/routes.hpp"
#include "credit/routes.hpp"
#include "credit/store.hpp"
#include "registry/routes.hpp"
#include "registry/import_cli.hpp"
#include "registry/import_routes.hpp"
#include "credit/demo_credit.hpp"
#include "verify/audit_queue.hpp"
#include "verify/service.hpp"
#include "verify/signing_key.hpp"
#include "subsidy/routes.hpp"
#include "training/demo.hpp"
#include "training/routes.hpp"
#include "matching/routes.hpp"
#include "matching/demo.hpp"
#include "subsidy/demo.hpp"
#include "issuers/routes.hpp"
#include "registry/flag_routes.hpp"
#include "app/hardening.hpp"
#include "services/demo.hpp"
#include "services/routes.hpp"
#include "supervision/routes.hpp"
#include "accounts/signup.hpp"
// @module-includes: each module adds its routes header above this line.
#include "security/field_crypto.hpp"
#include "security/keyring.hpp"

namespace jz::app {
namespace {

std::string flag_name(const std::string& key) {
  std::string f = "--";
  for (char c : key) f += c == '_' ? '-' : c;
  return f;
}

// The settings a subcommand accepts as flags, and the layered resolution of them.
struct ConfigFlags {
  std::string config_file;
  Values flags;

  void attach(CLI::App* sub, std::initializer_list<const char*> keys) {
    sub->add_option("--config", config_file, "TOML configuration file (default: ./jiazheng.toml if present; env JZ_CONFIG)");
    for (const char* key : keys) {
      auto it = std::find_if(settings().begin(), settings().end(), [&](const Setting& s) { return s.key == key; });
      std::string k = key;
      sub->add_option_function<std::string>(
          flag_name(k), [this, k](const std::string& v) { flags[k] = v; },
          fmt::format("{} (env {})", it->help, env_name(k)));
    }
  }

  Config resolve() const {
    std::string path = config_file;
    if (path.empty())
      if (const char* e = std::getenv("JZ_CONFIG")) path = e;
    if (path.empty() && std::filesystem::exists("jiazheng.toml")) path = "jiazheng.toml";
    auto file = read_toml_file(path);
    if (!file) throw std::runtime_error(fmt::format("configuration: {} {}", file.error().field, file.error().detail));
    auto cfg = resolve_config(*file, read_environment(), flags);
    if (!cfg) throw std::runtime_error(fmt::format("configuration: {}: {}", cfg.error().field, cfg.error().detail));
    return *cfg;
  }
};

void setup_logging(const Config& c) {
  auto logger = spdlog::stderr_color_mt("jiazheng");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  spdlog::set_level(spdlog::level::from_str(c.log_level));
}

// The C++ steps of migrations. 007 adds the employments table: employment entries written before it get
// their rows.
db::MigrationSteps migration_steps() {
  return {{7, [](db::Connection& conn) {
             auto n = credit::Store(conn).backfill_employments();
             if (n) spdlog::info("employments: {} rows from earlier employment entries", n);
           }}};
}

std::unique_ptr<db::Database> open_and_migrate(const Config& c) {
  auto db = db::open_database(c.database, c.threads);
  auto report = db::migrate(*db, migration_steps());
  spdlog::info("database {} at schema version {}", db->describe(), report.current_version);
  return db;
}

reference::DivisionCatalog load_catalog(db::Database& db) {
  auto conn = db.acquire();
  return reference::DivisionCatalog::load(*conn);
}

void print_accounts(const std::vector<DemoAccount>& accounts, const Config& c) {
  std::cout << "\n  陇原家政 demo accounts (password for all: " << kDemoPassword << ")\n";
  for (const auto& a : accounts) std::cout << fmt::format("    {:<12} {:<15} {}\n", a.username, a.role, a.note);
  std::cout << "\n  Open " << c.public_url << "\n\n" << std::flush;
}

// The modules, their threads (the matching index's, the dashboard's preload) and the server: all of them are gone,
// threads joined, when this returns, so nothing still holds a connection when the database closes.
void run_server(const Config& c, db::Database& db, const security::Keyring& keyring, security::FieldCipher& cipher) {
  reference::DivisionCatalog catalog = load_catalog(db);
  accounts::Service accounts(db, c.session_hours, throttle_policy(c));

  http::Router router;
  http::Metrics* metrics_ptr = nullptr;
  for (const auto& w : c.warnings()) spdlog::warn("{}", w);
  const MetricsAccess metrics_admits = metrics_access(c);
  register_platform_routes(router, db, metrics_ptr, c.warnings(), &metrics_admits,
                           SiteInfo{c.site_organizer, c.site_icp, c.site_police_record, c.site_hotline});
  accounts::register_routes(router, accounts, db,
                            [&cipher](std::string_view typed) { return accounts::login_name_for(cipher, typed); });
  auto sms = accounts::make_sms_sender(c.sms_sender);
  accounts::register_signup_routes(router, db, cipher, *sms);
  reference::register_routes(router, db, catalog);
  auto verify_module = verify::register_routes(router, db, keyring.dir(), c.public_url, c.database, c.suite());
  credit::Service credit_service(db, cipher, catalog);
  credit::register_routes(router, credit_service);
  registry::register_routes(router, db, cipher, catalog);
  registry::register_import_routes(router, db, cipher, catalog);
  subsidy::register_routes(router, db, cipher);
  auto training_service = training::register_routes(router, db, cipher, catalog, keyring.dir(), c.public_url);
  // Matching engine: the worker index, followed by a thread on its own connection, lives as long as this object.
  auto matching_module =
      matching::register_routes(router, db, cipher, catalog, c.public_url, c.database, c.matching_weights);
  // Health-check providers and insurers (src/issuers): their word on health and cover is independent.
  auto issuers_service = issuers::register_routes(router, db, cipher, credit_service);
  registry::register_flag_routes(router, db);  // who asserted 脱贫/监测 (src/registry/flag_provenance.hpp)
  // Household services: orders, model contracts (PDF, verify page /v/c/{token}), reviews of orders.
  auto services_service = services::register_routes(router, db, credit_service, cipher, catalog, keyring.dir(), c.public_url);
  // Supervision dashboard: its figures index loads on a thread of its own and follows changes per request.
  auto supervision_module = supervision::register_routes(router, db, catalog, training_service, accounts);
  // @module-routes: each module adds its registration above this line.

  std::vector<std::string> labels;
  for (const auto& r : router.routes()) labels.push_back(std::string(http::method_name(r.method)) + " " + r.path);
  http::Metrics metrics(labels);
  metrics_ptr = &metrics;
  metrics.add_gauge("jz_db_pool_size", "Database connections in the pool.",
                    [&db] { return static_cast<double>(db.stats().size); });
  metrics.add_gauge("jz_db_pool_in_use", "Database connections borrowed right now.",
                    [&db] { return static_cast<double>(db.stats().in_use); });
  metrics.add_counter("jz_db_pool_waits_total", "Acquisitions that waited for a free connection.",
                    [&db] { return static_cast<double>(db.stats().waits); });

  http::Dispatcher dispatcher(accounts, db);
  auto response_check = http::ResponseCheck::from_env(router);  // the integration tests' check of every answer
  dispatcher.check_responses(response_check.get());
  http::StaticFiles files(c.web_root);
  http::ServerOptions opts;
  opts.host = c.host();
  opts.port = static_cast<uint16_t>(c.port());
  opts.io_threads = c.io_threads;
  opts.worker_threads = c.threads;
  opts.body_limit = static_cast<size_t>(c.body_limit_kb) * 1024;
  opts.header_limit = static_cast<size_t>(c.header_limit_kb) * 1024;
  opts.read_timeout = std::chrono::seconds(c.read_timeout_s);
  opts.idle_timeout = std::chrono::seconds(c.idle_timeout_s);
  opts.access_log = c.access_log;
  apply_server_hardening(c, opts);
  http::Server server(opts, router, dispatcher, metrics, files);
  server.run();
}

int serve(const Config& c) {
  prepare_process(c);
  auto keyring = security::Keyring::load_or_create(c.key_dir);
  security::FieldCipher cipher(keyring, c.suite());
  auto db = open_and_migrate(c);
  run_server(c, *db, keyring, cipher);
  // In-flight requests are done, the worker pool and the modules' threads have joined: the database closes here.
  db.reset();
  spdlog::info("database closed");
  return 0;
}

// Each subcommand: its options (bound to the members, so an object stays where it was made) and what it does.

Config resolve_and_log(const ConfigFlags& flags) {
  Config c = flags.resolve();
  setup_logging(c);
  return c;
}

struct ServeCommand {
  ConfigFlags flags;
  CLI::App* cmd = nullptr;
  void add_to(CLI::App& app) {
    cmd = app.add_subcommand("serve", "Serve the API and the web UI");
    flags.attach(cmd, {"listen", "database", "key_dir", "web_root", "public_url", "io_threads", "threads",
                       "body_limit_kb", "header_limit_kb", "read_timeout_s", "idle_timeout_s",
                       "session_hours", "access_log", "log_level", "crypto_suite"});
  }
  int run() const { return serve(resolve_and_log(flags)); }
};

struct MigrateCommand {
  ConfigFlags flags;
  CLI::App* cmd = nullptr;
  void add_to(CLI::App& app) {
    cmd = app.add_subcommand("migrate", "Apply database migrations and exit");
    flags.attach(cmd, {"database", "log_level"});
  }
  int run() const {
    Config c = resolve_and_log(flags);
    auto db = db::open_database(c.database, 1);
    auto report = db::migrate(*db, migration_steps());
    std::cout << fmt::format("schema version {}; applied {} migration(s)\n", report.current_version,
                             report.applied.size());
    return 0;
  }
};

struct UserAddCommand {
  ConfigFlags flags;
  accounts::NewUser new_user;
  std::string role_name;
  CLI::App* cmd = nullptr;
  void add_to(CLI::App& app) {
    auto* user_cmd = app.add_subcommand("user", "Manage accounts");
    user_cmd->require_subcommand(1);
    cmd = user_cmd->add_subcommand("add", "Create an account");
    flags.attach(cmd, {"database", "log_level"});
    cmd->add_option("--username", new_user.username, "login name")->required();
    cmd->add_option("--password", new_user.password, "password (at least 8 characters, letters and digits)")
        ->required();
    cmd->add_option("--role", role_name,
                    "province_admin, department, city_officer, enterprise, institution, worker, consumer")
        ->required();
    cmd->add_option("--division", new_user.division_code, "division code; a city officer's 市州 (e.g. 6201)");
    cmd->add_option("--display-name", new_user.display_name, "name shown in the UI");
  }
  int run() {
    Config c = resolve_and_log(flags);
    auto role = security::parse_role(role_name);
    if (!role) {
      std::cerr << "unknown role: " << role_name << "\n";
      return 2;
    }
    new_user.role = *role;
    auto db = open_and_migrate(c);
    accounts::Service service(*db, c.session_hours);
    security::AuditActor actor{std::nullopt, "cli", "cli", "", ""};
    auto r = service.create_user(new_user, actor);
    if (!r) {
      std::cerr << "cannot create user: " << error_message(r.error(), Lang::en) << "\n";
      return 1;
    }
    std::cout << fmt::format("created user {} (id {}, role {})\n", r->username, r->id,
                             security::role_name(r->role));
    return 0;
  }
};

// Service certificates for a few verified staff of the demo enterprise, so that the public lookup and the QR
// page can be tried at once. Issued as the province admin would (audited), skipped when present. Prints one
// of them.
void issue_demo_certificates(db::Database& db, const Config& c) {
  std::string sample_serial, sample_url;
  {
    auto signing = verify::SigningKey::load_or_create(c.key_dir);
    verify::AuditQueue audit(db::open_database(c.database, 1));
    verify::Service certificates(db, signing, c.public_url, audit);
    security::Principal admin;
    admin.role = security::Role::province_admin;
    admin.username = "demo-data";
    security::AuditActor actor{std::nullopt, "demo-data", "cli", "", ""};
    std::vector<int64_t> ids;
    {
      auto conn = db.acquire();
      if (conn->query("SELECT COUNT(*) FROM service_certificates")[0].get_int(0) == 0)
        for (const auto& r :
             conn->query("SELECT id FROM workers WHERE identity_status = 'verified' AND enterprise_id = "
                         "(SELECT MIN(id) FROM enterprises) ORDER BY id LIMIT 10"))
          ids.push_back(r.get_int(0));
    }
    for (int64_t id : ids) {
      auto cert = certificates.issue(admin, id, std::nullopt, actor);
      if (cert && sample_serial.empty()) {
        sample_serial = cert->serial;
        sample_url = certificates.verify_url(cert->token);
      }
    }
    if (!ids.empty()) audit.flush();
  }
  if (!sample_serial.empty())
    std::cout << fmt::format("issued demo service certificates; e.g. serial {} — scan or open:\n  {}\n",
                             sample_serial, sample_url);
}

struct DemoDataCommand {
  ConfigFlags flags;
  DemoOptions demo;
  bool demo_replace = false;
  bool demo_force = false;  // seed demo accounts even into a database with real users (app/hardening.hpp)
  bool demo_no_credit = false;
  CLI::App* cmd = nullptr;
  void add_to(CLI::App& app) {
    cmd =
        app.add_subcommand("demo-data", "Create the demo accounts and a realistic, deterministic population");
    flags.attach(cmd, {"database", "key_dir", "public_url", "log_level", "crypto_suite"});
    cmd->add_option("--workers", demo.workers, "number of workers to generate")
        ->check(CLI::Range(0, 20000000));
    cmd->add_option("--seed", demo.seed, "random seed: the same seed gives the same data");
    cmd->add_flag("--add", demo_replace, "add workers even if the database already has some");
    cmd->add_flag("--force", demo_force,
                  "seed demo accounts even though the database has real (non-demo) users");
    cmd->add_flag("--no-credit", demo_no_credit,
                  "workers only, without their credit files (the 1,000,000-worker generator benchmark)");
  }

  // The modules' demo data after the population (each skips what is present).
  void add_module_demos(db::Database& db, const security::FieldCipher& cipher, const Config& c,
                        const DemoReport& report) {
    if (!report.skipped && !demo_no_credit) {
      // The credit file of the new workers: identity checks, health checks, employment, reviews, insurance.
      auto conn = db.acquire();
      credit::generate_demo_credit(*conn, cipher, demo.seed);
    }
    {  // Courses, enrolments and training history, surveys, a competition (src/training/demo.hpp); skipped
       // when courses exist.
      auto t = training::generate_demo_training(db, cipher, c.key_dir, demo.seed, !demo_no_credit);
      if (!t.skipped)
        std::cerr << fmt::format("  training: {} courses, {} enrolments, {} completions, {} certificates\n",
                                 t.courses, t.enrolments, t.completions, t.certificates);
    }
    if (int n = matching::generate_demo_jobs(db, demo.seed); n > 0)  // src/matching/demo.hpp
      std::cerr << fmt::format("  matching: {} job postings, 2 recruitment events, 2 transfer bases\n", n);
    subsidy::generate_demo_subsidy(db);  // policies load at first start; founders for the start-up subsidy
    if (auto sv = services::generate_demo_services(db, cipher, c.key_dir, c.public_url);
        !sv.skipped)  // src/services/demo.hpp
      std::cerr << fmt::format(
          "  services: {} orders in {} 市州, {} contracts, {} completed, {} reviews, {} complaints "
          "({} upheld)\n",
          sv.orders, sv.prefectures, sv.contracts, sv.completed, sv.reviews, sv.complaints, sv.upheld);
    // @module-demo: each module adds its demo data above this line (idempotent: skip what is present;
    // variables: `db`, `cipher`, `catalog`-free; `demo.seed`, `report.skipped`, `demo_no_credit`).
  }

  int run() {
    Config c = resolve_and_log(flags);
    auto keyring = security::Keyring::load_or_create(c.key_dir);
    security::FieldCipher cipher(keyring, c.suite());
    auto db = open_and_migrate(c);
    if (int64_t real = real_accounts(*db); real > 0) {
      std::cerr << fmt::format(
          "jiazheng: this database has {} account(s) that demo-data did not create: demo "
          "accounts share one published password and must not be added to a real database{}\n",
          real, demo_force ? " (--force given: adding them anyway)" : "; use --force to add them anyway");
      if (!demo_force) return 1;
    }
    demo.skip_if_present = !demo_replace;
    auto started = std::chrono::steady_clock::now();
    demo.progress = [started](int64_t done, int64_t total) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::cerr << fmt::format("\r  workers {:>9}/{} ({:.0f}%, {:.1f} s, {:.0f}/s)", done, total,
                               total ? 100.0 * done / total : 100.0, secs, secs > 0 ? done / secs : 0.0)
                << (done == total ? "\n" : "") << std::flush;
    };
    auto report = generate_demo_data(*db, cipher, demo);
    add_module_demos(*db, cipher, c, report);
    issue_demo_certificates(*db, c);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (report.skipped)
      std::cout << "database already has workers: kept them (use --add to add more)\n";
    else
      std::cout << fmt::format("created {} workers and {} enterprises in {:.1f} s\n", report.workers_created,
                               report.enterprises_created, secs);
    print_accounts(report.accounts, c);
    std::cerr << "  WARNING: demo accounts share one published password; change them before real use.\n";
    return 0;
  }
};

struct KeysCommand {
  ConfigFlags flags;
  bool drop_old = false;
  CLI::App* cmd = nullptr;
  void add_to(CLI::App& app) {
    auto* keys_cmd = app.add_subcommand("keys", "Manage encryption keys");
    keys_cmd->require_subcommand(1);
    cmd = keys_cmd->add_subcommand("rotate", "Add a new field key and re-encrypt all personal data with it");
    flags.attach(cmd, {"database", "key_dir", "log_level", "crypto_suite"});
    cmd->add_flag("--drop-old", drop_old, "remove older keys after re-encrypting everything");
  }
  int run() const {
    Config c = resolve_and_log(flags);
    auto db = open_and_migrate(c);
    auto report = rotate_keys(*db, c.key_dir, drop_old, c.suite());
    std::cout << fmt::format(
        "key v{} is current ({} suite); re-encrypted {} value(s), {} blind index(es) "
        "recomputed{}\n",
        report.new_version, security::crypto_suite_name(c.suite()), report.reencrypted, report.reindexed,
        report.dropped_old ? "; older keys removed" : "");
    return 0;
  }
};

// jiazheng import workers|enterprises FILE: spreadsheet import for files too big to upload
// (registry/import_cli.hpp).
struct RegistryImportCommand {
  ConfigFlags flags;
  registry::ImportCommand args;
  CLI::App* workers_cmd = nullptr;
  CLI::App* enterprises_cmd = nullptr;
  void add_to(CLI::App& app) {
    auto* import_cmd = app.add_subcommand("import", "Import registry data from spreadsheets");
    import_cmd->require_subcommand(1);
    workers_cmd =
        import_cmd->add_subcommand("workers", "Import workers from CSV (UTF-8/GBK), XLSX or JSON rows");
    enterprises_cmd = import_cmd->add_subcommand(
        "enterprises", "Import enterprises from CSV (UTF-8/GBK), XLSX or JSON rows");
    for (auto* cmd : {workers_cmd, enterprises_cmd}) {
      flags.attach(cmd, {"database", "key_dir", "log_level"});
      cmd->add_option("FILE", args.file, "the spreadsheet file")->required();
      cmd->add_option("--mode", args.mode, "all_or_nothing (default) or good_rows_only");
      cmd->add_flag("--dry-run", args.dry_run, "check the whole file and write nothing");
      if (cmd == workers_cmd)
        cmd->add_option("--enterprise-id", args.enterprise_id, "make every row this enterprise's staff");
      cmd->add_option("--report", args.report_file, "write the full JSON report to this file");
    }
  }
  bool chosen() const { return *workers_cmd || *enterprises_cmd; }
  int run() {
    if (*enterprises_cmd) args.kind = registry::ImportCommand::Kind::enterprises;
    Config c = resolve_and_log(flags);
    auto keyring = security::Keyring::load_or_create(c.key_dir);
    security::FieldCipher cipher(keyring, c.suite());
    auto db = open_and_migrate(c);
    reference::DivisionCatalog catalog = load_catalog(*db);
    return registry::run_import_command(*db, cipher, catalog, args);
  }
};

// jiazheng backup --to FILE / restore --from FILE: SQLite online backup (db/sqlite/backup.hpp).
struct BackupCommand {
  ConfigFlags flags;
  std::string backup_to, restore_from;
  CLI::App* backup_cmd = nullptr;
  CLI::App* restore_cmd = nullptr;
  void add_to(CLI::App& app) {
    backup_cmd = app.add_subcommand("backup", "Copy the SQLite database to FILE while the server runs");
    flags.attach(backup_cmd, {"database", "log_level"});
    backup_cmd->add_option("--to", backup_to, "the backup file to write")->required();
    restore_cmd =
        app.add_subcommand("restore", "Replace the SQLite database with a backup (stop the server first)");
    flags.attach(restore_cmd, {"database", "log_level"});
    restore_cmd->add_option("--from", restore_from, "the backup file to read")->required();
  }
  bool chosen() const { return *backup_cmd || *restore_cmd; }
  int run() const {
    Config c = resolve_and_log(flags);
    return run_backup_command(c, *backup_cmd ? backup_to : "", *restore_cmd ? restore_from : "");
  }
};

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"陇原家政 — the platform of Gansu's domestic-services programme (家政兴农)", "jiazheng"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for all subcommands");

  ServeCommand serve_cmd;
  serve_cmd.add_to(app);
  MigrateCommand migrate_cmd;
  migrate_cmd.add_to(app);
  UserAddCommand user_add;
  user_add.add_to(app);
  DemoDataCommand demo_cmd;
  demo_cmd.add_to(app);
  KeysCommand rotate_cmd;
  rotate_cmd.add_to(app);
  auto verify_cmd = verify::add_verify_command(app);  // offline check of a certificate token
  RegistryImportCommand import_cmd;
  import_cmd.add_to(app);
  BackupCommand backup_cmd;
  backup_cmd.add_to(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    if (*verify_cmd->command) return verify_cmd->run(std::cout, std::cerr);
    if (*serve_cmd.cmd) return serve_cmd.run();
    if (*migrate_cmd.cmd) return migrate_cmd.run();
    if (*user_add.cmd) return user_add.run();
    if (*demo_cmd.cmd) return demo_cmd.run();
    if (import_cmd.chosen()) return import_cmd.run();
    if (backup_cmd.chosen()) return backup_cmd.run();
    if (*rotate_cmd.cmd) return rotate_cmd.run();
  } catch (const std::exception& e) {
    std::cerr << "jiazheng: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace jz::app
