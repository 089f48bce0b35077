// Shorthands for the plugin's own diagnostics. Custom warnings are not
// promoted by -Werror nor silenced by -w in clang 19 (TOOLCHAIN.md), so
// reportWarning applies both itself.
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

// A warning that honours -Werror (it is then an error) and -w (dropped: the
// builder returned reports nothing).
template <unsigned N>
clang::DiagnosticBuilder reportWarning(clang::DiagnosticsEngine &diags, clang::SourceLocation loc,
                                       const char (&format)[N]) {
  if (diags.getIgnoreAllWarnings())
    return diags.Report(loc, diags.getCustomDiagID(clang::DiagnosticsEngine::Ignored, format));
  const auto level = diags.getWarningsAsErrors() ? clang::DiagnosticsEngine::Error
                                                 : clang::DiagnosticsEngine::Warning;
  return diags.Report(loc, diags.getCustomDiagID(level, format));
}

} // namespace karmem::plugin
