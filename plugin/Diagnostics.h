// Shorthands for the plugin's own diagnostics. Every message the plugin
// reports is an error or a note: it emits no warnings, so -Werror and -w
// (which do not reach custom warnings in clang 19, TOOLCHAIN.md) never matter.
#pragma once

#include "clang/Basic/Diagnostic.h"

namespace karmem::plugin {

template <unsigned N>
clang::DiagnosticBuilder reportError(clang::DiagnosticsEngine &diags, clang::SourceLocation loc,
                                     const char (&format)[N]) {
  return diags.Report(loc, diags.getCustomDiagID(clang::DiagnosticsEngine::Error, format));
}

template <unsigned N>
clang::DiagnosticBuilder reportNote(clang::DiagnosticsEngine &diags, clang::SourceLocation loc,
                                    const char (&format)[N]) {
  return diags.Report(loc, diags.getCustomDiagID(clang::DiagnosticsEngine::Note, format));
}

} // namespace karmem::plugin
