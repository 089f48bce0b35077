// karmem: the command-line tool. Schema commands check a KarmemIDL file,
// print its wire layout and struct ids, rewrite it in canonical form or as
// annotated C++; message commands turn JSON into Karmem bytes and back and
// verify a message. Installed also as karmem-idl, its old name.
// Tests: test/idl/*.test.
#include "cli.h"

#include <cstring>
#include <iostream>
#include <set>

namespace {

std::string usage() {
  const std::string &p = karmem::cli::program;
  return "usage: " + p + " <command> FILE.km\n"
         "       " + p + " format [--fingerprints] FILE.km\n"
         "       " + p + " cpp FILE.km [NAMESPACE] [-o DIR]\n"
         "       " + p + " compat OLD.km NEW.km\n"
         "       " + p + " encode|decode|verify --schema FILE.km --root NAME [FILE]\n"
         "\n"
         "schema commands:\n"
         "  check   parse FILE.km and compute its layout; print \"ok\" or the first error,\n"
         "          or each @karmem.fingerprint(...) tag its declarations do not give\n"
         "  layout  print, in file order, each enum's member values and each struct's kind,\n"
         "          mode, sizes, layout fingerprint and field offsets/slots/strides\n"
         "  ids     print every struct's PacketIdentifier (decimal, then its 8 bytes in hex)\n"
         "  format  print FILE.km in canonical KarmemIDL form; with --fingerprints, with\n"
         "          each struct's @karmem.fingerprint tag set to its layout's fingerprint\n"
         "  cpp     print the schema's types as annotated C++ (compile them with the karmem\n"
         "          plugin for accessors and a .km of the same schema), in namespace\n"
         "          NAMESPACE or one named after the schema; to DIR/<schema>.h with -o\n"
         "  compat  whether NEW.km reads OLD.km's bytes and OLD.km reads NEW.km's (tables\n"
         "          only gain fields at the end, inline structs and field types do not\n"
         "          change, enums only gain members); each break at its line, and each\n"
         "          stale @karmem.fingerprint tag of either file, exit 1\n"
         "message commands (FILE, or stdin when absent or '-'):\n"
         "  encode  read a JSON value of struct NAME, write its Karmem bytes to stdout\n"
         "  decode  read Karmem bytes of struct NAME, print them as JSON (as Karmem's\n"
         "          readers see them: what is out of range reads as zero or empty)\n"
         "  verify  print \"ok\" when every offset and size of the message is inside it\n"
         "          and inside the schema's limits; else the path of the first fault\n"
         "\n"
         "JSON is test/golden/index.json's: fields in schema order by their Karmem names,\n"
         "enums as integers, []char as strings, 64-bit integers exact.\n"
         "Errors are printed as FILE:line:column: error: message (or " + p +
         ": error: ...), with exit status 1; bad arguments exit 2.\n";
}

} // namespace

int main(int argc, char **argv) {
  const char *slash = std::strrchr(argv[0], '/');
  karmem::cli::program = slash ? slash + 1 : argv[0];
  if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::cout << usage();
    return 0;
  }
  if (argc < 3) {
    std::cerr << usage();
    return 2;
  }
  const std::string command = argv[1];
  const karmem::cli::Args args(argv + 2, argv + argc);
  static const std::set<std::string> schemaCommands = {"check", "layout", "ids", "format", "cpp",
                                                       "compat"};
  static const std::set<std::string> messageCommands = {"encode", "decode", "verify"};
  int status = 2;
  if (schemaCommands.count(command))
    status = karmem::cli::runSchemaCommand(command, args);
  else if (messageCommands.count(command))
    status = karmem::cli::runMessageCommand(command, args);
  else
    karmem::cli::error("unknown command '" + command + "'");
  if (status == 2)
    std::cerr << usage();
  return status;
}
