// `interstice schema <PATH> [FORMAT]`: what a module schema declares, in any output format.
#include "schema_report.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/schema_json.hpp"

namespace {

class SchemaCommand final : public interstice::sdk::Command {
 public:
  void declare(interstice::sdk::CommandSyntax& syntax) const override {
    syntax.positional("path", "PATH", "module schema JSON file").trailing_format();
  }

  interstice::sdk::Report run(interstice::sdk::CommandContext& context) override {
    auto schema = interstice::sdk::load_module_schema(context.require<std::string>("path"));
    return interstice::schema_command::describe_schema(schema);
  }
};

}  // namespace

INTERSTICE_PLUGIN(SchemaCommand, "schema", "0.1.0", "Show the tables, reducers and subscriptions a module schema declares")
