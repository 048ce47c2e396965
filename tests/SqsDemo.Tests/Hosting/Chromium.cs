using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace SqsDemo.Tests.Hosting
{
    /// <summary>
    /// A fact that needs headless Chromium. Where it is missing it is skipped with the reason, except under
    /// CI (CI=true), where it runs and fails: CI must not pass by skipping the browser tests (.ci/run installs
    /// Debian's chromium package when it is missing).
    /// </summary>
    public sealed class ChromiumFactAttribute : FactAttribute
    {
        public ChromiumFactAttribute()
        {
            if (Chromium.SkipReason is string reason) Skip = reason;
        }
    }

    /// <summary>What headless Chromium made of a page: its DOM after load, what it wrote to the console, and a screenshot.</summary>
    public sealed class RenderedPage
    {
        public RenderedPage(string dom, IReadOnlyList<string> console, string stderr)
        {
            Dom = dom;
            Console = console;
            Stderr = stderr;
        }

        /// <summary>The DOM after load and scripts, serialised as Chromium's --dump-dom does.</summary>
        public string Dom { get; }
        /// <summary>Every console message of the page (errors, uncaught exceptions, logs), as Chromium logged them.</summary>
        public IReadOnlyList<string> Console { get; }
        public string Stderr { get; }
    }

    /// <summary>
    /// Runs Debian's chromium headless, one process per page, with a fresh profile:
    /// <c>--headless --no-sandbox --disable-gpu --user-data-dir=&lt;temp&gt; --enable-logging=stderr --v=0 --dump-dom --screenshot</c>.
    /// Console messages come from Chromium's log on stderr ("...:CONSOLE:1] "text", source: ...").
    /// </summary>
    public static class Chromium
    {
        private static readonly Regex ConsoleLine = new Regex(@":CONSOLE[:(]\d+\)?\] ""(?<text>.*)"", source: (?<source>.*)$", RegexOptions.CultureInvariant);

        /// <summary>SQSDEMO_CHROMIUM, else /usr/bin/chromium, else chromium, chromium-browser or google-chrome on PATH; null when none is there.</summary>
        public static string? Executable { get; } = Find();

        public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        public static string? SkipReason => Executable != null || IsCi
            ? null
            : "Chromium is not installed (apt-get install -y chromium, or set SQSDEMO_CHROMIUM; .ci/run installs it; CI=true fails instead of skipping).";

        /// <summary>
        /// Where the browser tests keep their screenshots and pages: SQSDEMO_TEST_ARTIFACTS (.ci/run sets it inside its
        /// results folder), else TestResults/timeline in the repository.
        /// </summary>
        public static string ArtifactsFolder
        {
            get
            {
                var folder = Environment.GetEnvironmentVariable("SQSDEMO_TEST_ARTIFACTS") is string set && set.Length > 0
                    ? set
                    : Path.Combine(RepoPaths.Root, "TestResults", "timeline");
                Directory.CreateDirectory(folder);
                return folder;
            }
        }

        /// <summary>Loads <paramref name="htmlFile"/>, dumps its DOM, writes a screenshot; fails when Chromium fails or hangs.</summary>
        public static RenderedPage Render(string htmlFile, string screenshot, int width = 1400, int height = 1000)
        {
            var executable = Executable ?? throw new Xunit.Sdk.XunitException(
                "Chromium is not installed, and CI=true needs it for the timeline browser tests: apt-get install -y chromium (or set SQSDEMO_CHROMIUM).");
            var profile = Path.Combine(Path.GetTempPath(), "sqsdemo-chromium-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(profile);
            if (File.Exists(screenshot)) File.Delete(screenshot);
            var info = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile, "--no-first-run", "--disable-extensions",
                "--enable-logging=stderr", "--v=0", "--hide-scrollbars",
                "--screenshot=" + screenshot, "--window-size=" + width + "," + height, "--dump-dom", new Uri(htmlFile).AbsoluteUri,
            })
                info.ArgumentList.Add(argument);

            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            using var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
            try
            {
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                if (!process.WaitForExit((int)TimeSpan.FromSeconds(120).TotalMilliseconds))
                {
                    process.Kill(entireProcessTree: true);
                    throw new Xunit.Sdk.XunitException("Chromium did not finish rendering " + htmlFile + " within 120 s.\n" + stderr);
                }
                process.WaitForExit();
                if (process.ExitCode != 0)
                    throw new Xunit.Sdk.XunitException($"Chromium exited with {process.ExitCode} rendering {htmlFile}.\n{stderr}");
            }
            finally
            {
                try
                {
                    Directory.Delete(profile, recursive: true);
                }
                catch (IOException)
                {
                    // A helper process may still hold a file for a moment: a temp folder left behind is harmless.
                }
            }

            var log = stderr.ToString();
            var console = log.Split('\n').Select(line => ConsoleLine.Match(line.TrimEnd('\r'))).Where(m => m.Success)
                .Select(m => m.Groups["text"].Value + " (" + m.Groups["source"].Value + ")").ToArray();
            return new RenderedPage(stdout.ToString(), console, log);
        }

        private static string? Find()
        {
            if (Environment.GetEnvironmentVariable("SQSDEMO_CHROMIUM") is string set && set.Length > 0) return File.Exists(set) ? set : null;
            if (File.Exists("/usr/bin/chromium")) return "/usr/bin/chromium";
            foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
                // Debian's package first; Google Chrome takes the same flags (GitHub's ubuntu runners have it).
                foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
                    if (folder.Length > 0 && File.Exists(Path.Combine(folder, name))) return Path.Combine(folder, name);
            return null;
        }
    }

    /// <summary>Start tags of a serialised DOM with their attributes: enough to check what a page drew, without a parser.</summary>
    public static class DomTags
    {
        private static readonly Regex StartTag = new Regex(
            @"<(?<name>[a-zA-Z][\w:-]*)(?<attributes>(?:\s+[^\s=/>""']+(?:\s*=\s*(?:""[^""]*""|'[^']*'|[^\s>""']+))?)*)\s*/?>", RegexOptions.CultureInvariant);
        private static readonly Regex Attribute = new Regex(@"(?<name>[^\s=/>""']+)(?:\s*=\s*(?:""(?<v>[^""]*)""|'(?<v>[^']*)'|(?<v>[^\s>""']+)))?", RegexOptions.CultureInvariant);

        public sealed class Tag
        {
            public Tag(string name, IReadOnlyDictionary<string, string> attributes, int index)
            {
                Name = name;
                Attributes = attributes;
                Index = index;
            }

            public string Name { get; }
            public IReadOnlyDictionary<string, string> Attributes { get; }
            /// <summary>Where the tag starts in the DOM text.</summary>
            public int Index { get; }

            public string? this[string attribute] => Attributes.TryGetValue(attribute, out var value) ? value : null;

            public bool HasClass(string name) => (this["class"] ?? "").Split(' ').Contains(name);
        }

        public static IReadOnlyList<Tag> Parse(string dom) =>
            StartTag.Matches(dom).Select(m => new Tag(m.Groups["name"].Value.ToLowerInvariant(),
                Attribute.Matches(m.Groups["attributes"].Value).GroupBy(a => a.Groups["name"].Value.ToLowerInvariant())
                    .ToDictionary(g => g.Key, g => System.Net.WebUtility.HtmlDecode(g.First().Groups["v"].Value)), m.Index)).ToArray();
    }
}
