// What every `karmem` command shares: the program's name in messages, reading
// files, and loading a .km into a laid-out schema.
#pragma once

#include "karmem/idl/layout.h"

#include <string>
#include <vector>

namespace karmem::cli {

// "karmem" or "karmem-idl" (the old name of the same program), for messages.
extern std::string program;

// Prints "<program>: error: <message>" on stderr.
void error(const std::string &message);

// Reads a whole file ("-" is stdin); prints why not and returns false.
bool readFile(const std::string &path, std::string &out);

// Parses and lays out `path`; prints the first error (FILE:line:column) and
// returns false.
bool loadSchema(const std::string &path, idl::Schema &schema, idl::SchemaLayout &layout);

// The command-line arguments after the command's name.
using Args = std::vector<std::string>;

// Schema commands (schema_commands.cpp): check, layout, ids, format, cpp, compat.
int runSchemaCommand(const std::string &command, const Args &args);
// Message commands (message_commands.cpp): encode, decode, verify.
int runMessageCommand(const std::string &command, const Args &args);

} // namespace karmem::cli
