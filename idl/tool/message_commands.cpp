// The message commands of `karmem`: encode (JSON -> bytes), decode (bytes ->
// JSON) and verify (the strict check), for a root struct of a .km schema.
// Tests: test/idl/karmem-encode-decode.test, test/idl/karmem-verify.test.
#include "cli.h"

#include "karmem/idl/json.h"
#include "karmem/idl/json_codec.h"

#include <iostream>
#include <optional>

namespace karmem::cli {

namespace {

struct MessageArgs {
  std::string schema, root, input = "-";
};

// --schema FILE.km --root NAME [FILE]; nullopt on anything else.
std::optional<MessageArgs> parseArgs(const Args &args) {
  MessageArgs out;
  bool haveInput = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "--schema" || args[i] == "--root") && i + 1 < args.size()) {
      (args[i] == "--schema" ? out.schema : out.root) = args[i + 1];
      ++i;
    } else if (!haveInput && (args[i] == "-" || args[i].rfind("--", 0) != 0)) {
      out.input = args[i];
      haveInput = true;
    } else {
      return std::nullopt;
    }
  }
  if (out.schema.empty() || out.root.empty())
    return std::nullopt;
  return out;
}

std::optional<size_t> findRoot(const idl::Schema &schema, const std::string &name,
                               const std::string &path) {
  for (size_t i = 0; i < schema.structs.size(); ++i)
    if (schema.structs[i].name == name)
      return i;
  std::string known;
  for (const idl::Struct &s : schema.structs)
    known += (known.empty() ? "" : ", ") + s.name;
  error("no struct '" + name + "' in " + path + " (it declares " + known + ")");
  return std::nullopt;
}

} // namespace

int runMessageCommand(const std::string &command, const Args &rawArgs) {
  const std::optional<MessageArgs> args = parseArgs(rawArgs);
  if (!args)
    return 2;
  idl::Schema schema;
  idl::SchemaLayout layout;
  if (!loadSchema(args->schema, schema, layout))
    return 1;
  const std::optional<size_t> root = findRoot(schema, args->root, args->schema);
  if (!root)
    return 1;
  std::string input;
  if (!readFile(args->input, input))
    return 1;
  const std::string where = args->input == "-" ? "<stdin>" : args->input;
  std::string why;

  if (command == "encode") {
    json::value value;
    if (!json::parse(input, value, why)) {
      error(where + ": " + why);
      return 1;
    }
    std::vector<uint8_t> bytes;
    if (!idl::encodeJson(schema, layout, *root, value, bytes, why)) {
      error(where + ": " + why);
      return 1;
    }
    std::cout.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
    return std::cout ? 0 : 1;
  }
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t *>(input.data()),
                                       input.size());
  if (command == "decode") {
    std::string text;
    if (!idl::decodeJson(schema, layout, *root, bytes, text, why)) {
      error(where + ": " + why);
      return 1;
    }
    std::cout << text;
    return 0;
  }
  if (!idl::verifyMessage(schema, layout, *root, bytes, why)) {
    error(where + ": " + why);
    return 1;
  }
  std::cout << "ok\n";
  return 0;
}

} // namespace karmem::cli
