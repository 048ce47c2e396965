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
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
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
