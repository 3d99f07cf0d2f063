#include "verify/page.hpp"

#include <fmt/format.h>

namespace jz::verify {
namespace {

const char* pick(Lang lang, const char* zh, const char* en) { return lang == Lang::en ? en : zh; }

// Small, phone-first, high contrast; system fonts only (no downloads).
constexpr std::string_view kStyle =
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC',sans-serif;"
    "background:#f4f5f7;color:#1d2129}main{max-width:560px;margin:0 auto;padding:12px}"
    "header{font-size:14px;color:#4e5969;padding:4px 0 8px}header b{color:#1d2129}"
    ".v{border-radius:12px;padding:16px;color:#fff;margin-bottom:12px}.v h1{margin:0;font-size:28px;line-height:1.25}"
    ".v p{margin:8px 0 0;font-size:16px}.valid{background:#1e7e34}.expired{background:#b8860b}"
    ".revoked,.forged{background:#c62828}"
    ".l{display:flex;gap:12px;align-items:center;background:#fff;border-radius:12px;padding:12px;margin-bottom:12px}"
    ".dot{flex:none;width:44px;height:44px;border-radius:50%;border:3px solid #0002}.green .dot{background:#2e9e44}"
    ".yellow .dot{background:#f2c200}.red .dot{background:#d32f2f}.l strong{font-size:20px}"
    ".l ul,.c ul{margin:4px 0 0;padding-left:18px}"
    ".c{background:#fff;border-radius:12px;padding:16px;margin-bottom:12px}.who{display:flex;gap:12px;align-items:center}"
    ".who img{width:72px;height:90px;object-fit:cover;border-radius:8px;background:#e5e6eb}"
    ".who h2{margin:0;font-size:24px}dl{margin:12px 0 0}dt{color:#4e5969;font-size:14px;margin-top:10px}"
    "dd{margin:0}.ok{color:#1e7e34}.bad{color:#c62828}.warn{color:#9a6b00}.m{color:#86909c;font-size:13px}"
    "footer{font-size:13px;color:#86909c;padding:8px 0 24px}footer a{color:#4e5969}";

void dt_dd(std::string& out, std::string_view label, const std::string& html_value) {
  out += "<dt>";
  out += html_escape(label);
  out += "</dt><dd>";
  out += html_value;
  out += "</dd>";
}

std::string status_span(std::string_view cls, std::string_view text) {
  return fmt::format("<span class=\"{}\">{}</span>", cls, html_escape(text));
}

}  // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string verdict_headline(const Verification& v, Lang lang) {
  switch (v.verdict) {
    case Verdict::valid: return std::string(pick(lang, "证书有效", "Certificate valid"));
    case Verdict::forged: return std::string(pick(lang, "证书无效：伪造或被篡改", "Not valid: forged or altered"));
    case Verdict::expired:
      return fmt::format(fmt::runtime(pick(lang, "证书已过期（有效期至 {}）", "Certificate expired (valid until {})")),
                         v.certificate ? v.certificate->expires_on : "");
    case Verdict::revoked:
      if (!v.on_record) return std::string(pick(lang, "证书已失效：系统中无此证书", "Certificate not valid: not on record"));
      return fmt::format(fmt::runtime(pick(lang, "证书已吊销（{}）", "Certificate revoked ({})")),
                         v.certificate && v.certificate->revoked_at ? v.certificate->revoked_at->substr(0, 10) : "");
  }
  return {};
}

std::string_view verdict_advice(const Verification& v, Lang lang) {
  switch (v.verdict) {
    case Verdict::valid:
      return pick(lang, "这是陇原家政平台签发的真实服务证。请核对照片与本人是否一致。",
                  "This is a genuine certificate issued by the Longyuan Domestic Services platform. Check that the "
                  "photo shows the person in front of you.");
    case Verdict::forged:
      return pick(lang, "这个二维码不是本平台签发的，或内容已被改动。请不要凭它接受上门服务，可拨打 12345 反映。",
                  "This QR code was not issued by the platform, or it has been altered. Do not rely on it; you "
                  "can report it to the 12345 hotline.");
    case Verdict::expired:
      return pick(lang, "证书本身是真实的，但已超过有效期。请对方出示新的服务证。",
                  "The certificate is genuine but past its validity. Ask for a current certificate.");
    case Verdict::revoked:
      return pick(lang, "这张证书已停止使用（例如手机丢失或已离开本行业）。请对方出示新的服务证。",
                  "This certificate is no longer in use (for example a lost phone, or the worker left the trade). "
                  "Ask for a current certificate.");
  }
  return {};
}

// The level a health check covered (商服贸规函〔2020〕191号), as "（养老照护）", or "" when not given.
static std::string health_level_text(std::string_view level, Lang lang) {
  std::string_view zh = level == "general" ? "一般家政" : level == "home" ? "居家家政" : level == "elderly_care" ? "养老照护"
                      : level == "maternity" ? "母婴照护" : "";
  std::string_view en = level == "general" ? "general" : level == "home" ? "home service" : level == "elderly_care" ? "elderly care"
                      : level == "maternity" ? "maternity care" : "";
  if (zh.empty()) return "";
  return lang == Lang::en ? " (" + std::string(en) + ")" : "（" + std::string(zh) + "）";
}

std::string render_page(const Verification& v, const PublicProfile* p, const StatusLight& light, Lang lang,
                        std::string_view self_path) {
  std::string out;
  out.reserve(6000);
  out += fmt::format(
      "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta name=\"robots\" content=\"noindex\"><title>{}</title><style>{}</style></head><body><main>",
      pick(lang, "zh-CN", "en"), pick(lang, "家政信用查 · 陇原家政", "Credit check · Longyuan Domestic Services"), kStyle);
  out += fmt::format("<header><b>{}</b> · {}</header>", pick(lang, "陇原家政", "Longyuan Domestic Services"),
                     pick(lang, "家政信用查 · 居家上门服务证", "Home-service certificate check"));
  out += fmt::format("<section class=\"v {}\" data-result=\"{}\"><h1>{}{}</h1><p>{}</p></section>",
                     verdict_name(v.verdict), verdict_name(v.verdict), v.verdict == Verdict::valid ? "✔ " : "✘ ",
                     html_escape(verdict_headline(v, lang)), html_escape(verdict_advice(v, lang)));

  std::string_view light_name = light.color == "green"    ? pick(lang, "绿码", "Green")
                                : light.color == "yellow" ? pick(lang, "黄码", "Yellow")
                                                          : pick(lang, "红码", "Red");
  out += fmt::format("<section class=\"l {}\" data-light=\"{}\"><span class=\"dot\"></span><div><strong>{} {}</strong><ul>",
                     light.color, light.color, pick(lang, "安心码", "Status:"), light_name);
  for (const auto& r : light.reasons) out += "<li>" + html_escape(reason_text(r, lang)) + "</li>";
  out += "</ul></div></section>";

  if (p) {
    out += "<section class=\"c\"><div class=\"who\">";
    if (!p->photo_url.empty())
      out += fmt::format("<img src=\"{}\" alt=\"{}\" width=\"72\" height=\"90\" data-test=\"photo\">",
                         html_escape(p->photo_url), pick(lang, "照片", "Photo"));
    else  // no photo bound to this certificate (none on file when issued, changed since, or revoked)
      out += fmt::format("<div class=\"m\" data-test=\"no-photo\">{}</div>",
                         pick(lang, "此证无可核对的照片，请查看对方身份证", "No photo to compare; ask to see an ID card"));
    out += "<div><h2>" + html_escape(p->name) + "</h2>";
    if (p->age) out += fmt::format(fmt::runtime(pick(lang, "<div>{} 岁</div>", "<div>{} years old</div>")), *p->age);
    out += "</div></div><dl>";
    if (v.certificate) {
      dt_dd(out, pick(lang, "服务证编号", "Certificate number"), html_escape(v.certificate->serial));
      dt_dd(out, pick(lang, "有效期", "Valid"),
            html_escape(v.certificate->issued_on) + pick(lang, " 至 ", " to ") + html_escape(v.certificate->expires_on));
    }
    std::string occ;
    for (const auto& o : p->occupations) {
      if (!occ.empty()) occ += pick(lang, "、", ", ");
      occ += html_escape(o.name) + fmt::format(fmt::runtime(pick(lang, "（{}）", " ({})")), html_escape(o.level_name));
    }
    dt_dd(out, pick(lang, "工种与等级", "Occupations and levels"), occ.empty() ? "—" : occ);
    if (p->credit) {
      std::string credit = "<strong>" + html_escape(p->credit->band) + "</strong>";
      if (!p->credit->reasons.empty()) {
        credit += "<ul>";
        for (const auto& r : p->credit->reasons) credit += "<li>" + html_escape(r.text) + "</li>";
        credit += "</ul>";
      }
      dt_dd(out, pick(lang, "信用等级", "Credit band"), credit);
    } else {
      dt_dd(out, pick(lang, "信用等级", "Credit band"), status_span("m", pick(lang, "暂未评定", "not yet rated")));
    }
    const auto& id = p->identity.status;
    dt_dd(out, pick(lang, "实名认证", "Identity"),
          id == "verified" ? status_span("ok", pick(lang, "已认证", "verified"))
          : id == "failed" ? status_span("bad", pick(lang, "未通过", "failed"))
          : id == "pending" ? status_span("warn", pick(lang, "身份信息已更改，待重新核验", "changed, awaiting re-verification"))
                           : status_span("warn", pick(lang, "未认证", "not verified")));
    const auto& bg = p->background_check.status;
    dt_dd(out, pick(lang, "背景核查", "Background check"),
          bg == "passed"   ? status_span("ok", pick(lang, "已通过", "passed"))
          : bg == "failed" ? status_span("bad", pick(lang, "未通过", "failed"))
                           : status_span("m", pick(lang, "无记录", "none on record")));
    const auto& hc = p->health_check;
    std::string level = health_level_text(hc.level, lang);
    dt_dd(out, pick(lang, "健康体检", "Health check"),
          hc.status == "valid"
              ? status_span(hc.expiring_soon ? "warn" : "ok",
                            fmt::format(fmt::runtime(pick(lang, "有效期至 {}{}{}", "valid until {}{}{}")), hc.date.value_or(""),
                                        level, hc.expiring_soon ? pick(lang, "，即将到期", ", lapsing soon") : ""))
          : hc.status == "expired"
              ? status_span("warn", fmt::format(fmt::runtime(pick(lang, "已过期（{}）", "expired ({})")), hc.date.value_or("")))
          : hc.status == "claimed"
              ? status_span("warn", pick(lang, "仅有单位自述，未经体检机构核实", "only claimed by the employer, not verified"))
              : status_span("warn", pick(lang, "无有效记录", "none in date")));
    std::string ins;
    for (const auto& pol : p->policies) {
      std::string line = pol.kind;
      if (!pol.insurer.empty()) line += fmt::format(fmt::runtime(pick(lang, "（{}）", " ({})")), pol.insurer);
      if (pol.valid_until) line += fmt::format(fmt::runtime(pick(lang, "，至 {}", ", until {}")), *pol.valid_until);
      ins += "<li>" + status_span(pol.status == "valid" ? "ok" : "warn", line) + "</li>";
    }
    if (p->insurance.expiring_soon)
      ins += "<li>" + status_span("warn", pick(lang, "保障即将到期", "cover lapsing soon")) + "</li>";
    if (ins.empty() && p->insurance.status == "claimed")
      ins = "<li>" + status_span("warn", pick(lang, "仅有单位自述，未经保险机构核实", "only claimed by the employer, not verified")) + "</li>";
    dt_dd(out, pick(lang, "保险", "Insurance"),
          ins.empty() ? status_span("warn", pick(lang, "无记录", "none on record")) : "<ul>" + ins + "</ul>");
    std::string tr;
    for (size_t i = 0; i < p->training.size() && i < 10; ++i) {
      const auto& t = p->training[i];
      tr += "<li>" + html_escape(t.title);
      if (!t.detail.empty()) tr += pick(lang, "：", ": ") + html_escape(t.detail);
      tr += fmt::format(" <span class=\"m\">{} {}{}</span></li>", html_escape(t.on), html_escape(t.source),
                        t.verified ? "" : pick(lang, " · 本人自述", " · self-reported"));
    }
    dt_dd(out, pick(lang, "培训与证书", "Training and certificates"),
          tr.empty() ? status_span("m", pick(lang, "无记录", "none on record")) : "<ul>" + tr + "</ul>");
    dt_dd(out, pick(lang, "所属企业", "Enterprise"),
          p->enterprise ? html_escape(*p->enterprise) : status_span("m", pick(lang, "无", "none")));
    out += "</dl></section>";
  }
  out += fmt::format(
      "<footer>{} {} · <a href=\"/how-it-works#public-key\">{}</a> · <a href=\"{}?lang={}\">{}</a> · "
      "<a href=\"/\">{}</a></footer></main></body></html>",
      pick(lang, "查询日期", "Checked on"), v.today, pick(lang, "如何核验", "How checking works"), html_escape(self_path),
      pick(lang, "en", "zh"), pick(lang, "English", "中文"), pick(lang, "首页", "Home"));
  return out;
}

}  // namespace jz::verify
