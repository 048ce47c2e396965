using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using SqsDemo.Engine.Journal;
using SqsDemo.Engine.Timeline;

namespace SqsDemo.Infrastructure
{
    /// <summary>Where a timeline goes (a -Path resolved as PowerShell users expect) and writing it there.</summary>
    internal static class TimelineFile
    {
        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(false);

        /// <summary>
        /// Resolves <paramref name="path"/> against the current location (relative paths, ~, PSDrives) to a file
        /// system path whose folder exists; otherwise returns null and the error to write.
        /// </summary>
        public static string? Resolve(PSCmdlet cmdlet, string path, out ErrorRecord? error)
        {
            error = null;
            string resolved;
            try
            {
                resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                {
                    error = ErrorRecords.Create(ErrorIds.TimelinePathInvalid, ErrorCategory.InvalidArgument, path,
                        $"'{path}' is on the {provider.Name} provider; a timeline is written to a file.", "Give a file system path, such as ./dup.html.");
                    return null;
                }
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is ProviderNotFoundException
                || e is System.Management.Automation.DriveNotFoundException || e is System.IO.DriveNotFoundException || e is PSInvalidOperationException || e is ItemNotFoundException)
            {
                error = ErrorRecords.Create(ErrorIds.TimelinePathInvalid, ErrorCategory.InvalidArgument, path,
                    $"'{path}' is not a usable file path: {e.Message}", "Give a file system path, such as ./dup.html.");
                return null;
            }
            // PowerShell passes a NUL through; the file system would refuse it later with a bare ArgumentException.
            var bad = resolved.IndexOfAny(System.IO.Path.GetInvalidPathChars());
            if (bad >= 0)
            {
                error = ErrorRecords.Create(ErrorIds.TimelinePathInvalid, ErrorCategory.InvalidArgument, path,
                    $"The timeline path has a character no file name can hold ({CharacterName(resolved[bad])} at position {bad + 1}).",
                    "Give a file system path without control characters, such as ./dup.html.");
                return null;
            }
            if (Directory.Exists(resolved))
            {
                error = ErrorRecords.Create(ErrorIds.TimelinePathInvalid, ErrorCategory.InvalidArgument, path,
                    $"'{resolved}' is a folder; the timeline is one file.", "Give a file name in it, such as " + System.IO.Path.Combine(path, "timeline.html") + ".");
                return null;
            }
            var folder = System.IO.Path.GetDirectoryName(resolved);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                error = ErrorRecords.Create(ErrorIds.TimelineDirectoryNotFound, ErrorCategory.ObjectNotFound, path,
                    $"The folder '{folder}' does not exist.", "Create it first (New-Item -ItemType Directory), or give a path in an existing folder.");
                return null;
            }
            return resolved;
        }

        private static string CharacterName(char c) => c == '\0' ? "a NUL, \\0" : "U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);

        public static ErrorRecord Exists(string path, string resolved) =>
            ErrorRecords.Create(ErrorIds.TimelineFileExists, ErrorCategory.ResourceExists, path,
                $"The file '{resolved}' already exists.", "Use -Force to replace it, or give another -Path.");

        /// <summary>The page for <paramref name="journal"/>.</summary>
        public static string Render(IReadOnlyList<JournalEvent> journal, TimelineRenderOptions options) =>
            TimelineHtml.Render(Timeline.FromJournal(journal), options);

        /// <summary>
        /// Writes the page (UTF-8). Without <paramref name="overwrite"/> the file is created only if it does not exist, in
        /// one step, so a file that appeared since the check is not replaced either. Returns null, or the error to write.
        /// </summary>
        public static ErrorRecord? Write(string path, string resolved, string html, bool overwrite)
        {
            try
            {
                using (var stream = new FileStream(resolved, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None))
                using (var writer = new StreamWriter(stream, Utf8NoBom))
                    writer.Write(html);
                return null;
            }
            catch (IOException) when (!overwrite && File.Exists(resolved))
            {
                return Exists(path, resolved);
            }
            // The folder exists (Resolve checked) but takes no new file: /proc answers "Could not find file", a read-only
            // or foreign folder "Access denied". Said as what it is, with the system's words kept as the inner error.
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException || e is UnauthorizedAccessException)
            {
                var folder = System.IO.Path.GetDirectoryName(resolved) ?? resolved;
                var why = File.Exists(resolved) ? "the file is there and this process may not replace it" : $"the folder '{folder}' does not let this process create a file there";
                return new ErrorRecord(e, ErrorIds.TimelinePathNotWritable, ErrorCategory.PermissionDenied, path)
                {
                    ErrorDetails = new ErrorDetails($"The timeline cannot be written at '{resolved}': {why} ({e.Message})")
                    {
                        RecommendedAction = "Give a path in a folder you can write to, such as ./timeline.html.",
                    },
                };
            }
            catch (Exception e) when (e is IOException)
            {
                return new ErrorRecord(e, ErrorIds.TimelineWriteFailed, ErrorCategory.WriteError, path)
                {
                    ErrorDetails = new ErrorDetails($"Could not write the timeline to '{resolved}': {e.Message}")
                    {
                        RecommendedAction = "Check that the folder is writable and the file is not open elsewhere.",
                    },
                };
            }
        }
    }
}
