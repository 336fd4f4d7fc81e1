// `--format markdown`: any command's result as GitHub-flavoured Markdown, for pasting into an issue
// or a CI summary. An example third-party output format that streams: a result's items (log-query's
// records) become table rows as they arrive, so it runs in flat memory on any log and shows
// records live with --follow. Findings (validate, schema-diff) are read as sdk::Finding.
#include <interstice/sdk/finding.hpp>
#include <interstice/sdk/json_text.hpp>
#include <interstice/sdk/output_format.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace sdk = interstice::sdk;
namespace json = boost::json;

namespace {

/// Text that cannot break a table row: '|' escaped, line breaks as spaces.
std::string cell_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string cell(const json::value& value) {
  if (value.is_string()) return cell_text(value.get_string());
  if (value.is_null()) return "";
  if (value.is_array() || value.is_object()) return "`" + cell_text(json::serialize(value)) + "`";
  return json::serialize(value);
}

std::string row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) out += " " + c + " |";
  return out + "\n";
}

bool is_scalar(const json::value& value) { return !value.is_array() && !value.is_object(); }

/// A Markdown table whose header is written once, before its first row.
class Table {
 public:
  void columns(std::vector<std::string> headers, std::vector<std::string> pointers) {
    headers_ = std::move(headers);
    pointers_ = std::move(pointers);
  }
  std::string add(const json::value& element) {
    std::string out;
    if (pointers_.empty() && element.is_object())  // no hint: the first element's keys
      for (const auto& member : element.get_object()) {
        headers_.emplace_back(member.key());
        pointers_.push_back(sdk::json_pointer_append("", member.key()));
      }
    if (!started_) {
      started_ = true;
      out += row(headers_) + row(std::vector<std::string>(headers_.size(), "---"));
    }
    std::vector<std::string> cells;
    for (const auto& pointer : pointers_) {
      boost::system::error_code ec;
      const json::value* value = element.find_pointer(pointer, ec);
      cells.push_back(value ? cell(*value) : "");
    }
    if (pointers_.empty()) cells.push_back(cell(element));
    return out + row(cells);
  }
  std::string finish() const { return started_ ? "\n" : "_none_\n\n"; }

 private:
  std::vector<std::string> headers_;
  std::vector<std::string> pointers_;
  bool started_ = false;
};

std::string finding_row(const sdk::Finding& f) {
  std::string level(f.severity != sdk::Severity::none ? to_string(f.severity) : to_string(f.change_class));
  std::string where = f.location.value_or(f.pointer.value_or(""));
  return row({cell_text(f.rule), level, cell_text(where), cell_text(f.message)});
}

const std::string kFindingHeader = row({"rule", "level", "where", "message"}) + row({"---", "---", "---", "---"});

class MarkdownWriter final : public sdk::ResultWriter {
 public:
  explicit MarkdownWriter(std::ostream& out) : out_(out) {}

  void begin(const sdk::Report& header) override {
    header_ = header;
    if (!header.presentation.title.empty()) out_ << "# " << header.presentation.title << "\n\n";
    members(header.data);
    if (header.items.empty()) return;
    out_ << "## " << header.items << "\n\n";
    auto pointer = sdk::json_pointer_append("", header.items);
    for (const auto& hint : header.presentation.tables)
      if (hint.array == pointer) set_columns(table_, hint);
    if (flush()) out_.flush();
  }

  void item(const json::value& item) override {
    if (header_.items == "findings" && item.is_object()) {
      if (count_++ == 0) out_ << kFindingHeader;
      out_ << finding_row(sdk::finding_from_json(item.get_object()));
    } else {
      ++count_;
      out_ << table_.add(item);
    }
    if (flush()) out_.flush();
  }

  void end(const sdk::Report& summary) override {
    if (!header_.items.empty()) out_ << (count_ ? "\n" : "_none_\n\n");
    members(summary.data);
    const auto& line = summary.presentation.summary.empty() ? header_.presentation.summary : summary.presentation.summary;
    if (!line.empty()) out_ << "_" << cell_text(line) << "_\n";
    out_.flush();
  }

 private:
  bool flush() const { return header_.flush_items; }

  static void set_columns(Table& table, const sdk::TableHint& hint) {
    std::vector<std::string> headers, pointers;
    for (const auto& column : hint.columns) {
      headers.push_back(column.header);
      pointers.push_back(column.pointer);
    }
    table.columns(std::move(headers), std::move(pointers));
  }

  bool hidden(const std::string& pointer) const {
    const auto& list = header_.presentation.hidden;
    return std::find(list.begin(), list.end(), pointer) != list.end();
  }

  /// Scalars as a bullet list, then each array as a table (findings as findings) and each object
  /// as a bullet list of its members.
  void members(const json::value& data) {
    if (data.is_array()) return section("", data);
    if (!data.is_object()) {
      if (!data.is_null()) out_ << cell(data) << "\n\n";
      return;
    }
    bool any = false;
    for (const auto& member : data.get_object())
      if (is_scalar(member.value()) && !hidden(sdk::json_pointer_append("", member.key()))) {
        out_ << "- **" << std::string(member.key()) << "**: " << cell(member.value()) << "\n";
        any = true;
      }
    if (any) out_ << "\n";
    for (const auto& member : data.get_object()) {
      auto pointer = sdk::json_pointer_append("", member.key());
      if (!is_scalar(member.value()) && !hidden(pointer)) section(std::string(member.key()), member.value());
    }
  }

  void section(const std::string& key, const json::value& value) {
    if (!key.empty()) out_ << "## " << key << "\n\n";
    if (value.is_object()) {
      for (const auto& member : value.get_object())
        out_ << "- **" << std::string(member.key()) << "**: " << cell(member.value()) << "\n";
      out_ << "\n";
      return;
    }
    if (key == "findings") {
      auto findings = sdk::findings_of(json::object{{"findings", value}});
      if (findings.empty()) out_ << "_none_\n\n";
      else out_ << kFindingHeader;
      for (const auto& finding : findings) out_ << finding_row(finding);
      if (!findings.empty()) out_ << "\n";
      return;
    }
    Table table;
    auto pointer = sdk::json_pointer_append("", key);
    for (const auto& hint : header_.presentation.tables)
      if (hint.array == (key.empty() ? "" : pointer)) set_columns(table, hint);
    for (const auto& element : value.get_array()) out_ << table.add(element);
    out_ << table.finish();
  }

  std::ostream& out_;
  sdk::Report header_;
  Table table_;
  std::size_t count_ = 0;
};

class MarkdownFormat final : public sdk::OutputFormat {
 public:
  std::unique_ptr<sdk::ResultWriter> open(std::ostream& out, const sdk::RenderOptions&) const override {
    return std::make_unique<MarkdownWriter>(out);
  }
};

}  // namespace

INTERSTICE_PLUGIN(MarkdownFormat, "markdown", "1.0.0", "GitHub-flavoured Markdown: tables, findings, records as they stream")
