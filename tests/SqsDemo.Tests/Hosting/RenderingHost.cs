using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace SqsDemo.Tests.Hosting
{
    /// <summary>
    /// A host that renders as a console of a fixed width does and keeps the text: Out-Host (a
    /// Core cmdlet) formats through the module's views at BufferSize.Width, as pwsh's console and
    /// the sqsdemo shell do. Out-String is a Utility cmdlet, absent from a runspace of the SDK alone.
    /// Progress records written to the host are kept too, in order. The width can change between renderings.
    /// </summary>
    public sealed class RenderingHost : PSHost
    {
        private readonly RenderingUserInterface _ui;

        public RenderingHost(int width) => _ui = new RenderingUserInterface(width);

        public override string Name => "SqsDemo.Tests.RenderingHost";
        public override Version Version { get; } = new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override PSHostUserInterface UI => _ui;

        /// <summary>The console's width in columns; a test may change it between renderings, as a user resizes a window.</summary>
        public int Width
        {
            get => _ui.Width;
            set => _ui.Width = value;
        }

        /// <summary>The text rendered since the last call, and forgets it.</summary>
        public string TakeText() => _ui.TakeText();

        /// <summary>Progress records the host received since the last call (with the source each came from), and forgets them.</summary>
        public IReadOnlyList<(long SourceId, ProgressRecord Record)> TakeProgress() => _ui.TakeProgress();

        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }

        private sealed class RenderingUserInterface : PSHostUserInterface
        {
            private readonly object _gate = new object();
            private readonly StringBuilder _text = new StringBuilder();
            private readonly List<(long, ProgressRecord)> _progress = new List<(long, ProgressRecord)>();
            private readonly FixedWidthRawUserInterface _raw;

            public RenderingUserInterface(int width) => _raw = new FixedWidthRawUserInterface(width);

            public override PSHostRawUserInterface RawUI => _raw;

            public int Width
            {
                get => _raw.Width;
                set => _raw.Width = value;
            }

            public string TakeText()
            {
                lock (_gate)
                {
                    var text = _text.ToString();
                    _text.Clear();
                    return text;
                }
            }

            public IReadOnlyList<(long, ProgressRecord)> TakeProgress()
            {
                lock (_gate)
                {
                    var taken = _progress.ToArray();
                    _progress.Clear();
                    return taken;
                }
            }

            // The engine embeds ANSI styling (table headers) and leaves stripping it to a host that has no terminal, as here.
            public override void Write(string value)
            {
                lock (_gate) _text.Append(GetOutputString(value, supportsVirtualTerminal: false));
            }

            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
            public override void WriteLine(string value) => Write(value + "\n");
            public override void WriteErrorLine(string value) => Write("ERROR: " + value + "\n");
            public override void WriteDebugLine(string message) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message) { }

            public override void WriteProgress(long sourceId, ProgressRecord record)
            {
                // A copy: a cmdlet may reuse and change its record after writing it.
                var copy = new ProgressRecord(record.ActivityId, record.Activity, record.StatusDescription)
                {
                    ParentActivityId = record.ParentActivityId, PercentComplete = record.PercentComplete,
                    CurrentOperation = record.CurrentOperation, RecordType = record.RecordType, SecondsRemaining = record.SecondsRemaining,
                };
                lock (_gate) _progress.Add((sourceId, copy));
            }

            public override string ReadLine() => throw new NotSupportedException("no input in tests");
            public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("no input in tests");

            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
                throw new NotSupportedException("no prompts in tests");

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
                throw new NotSupportedException("no prompts in tests");

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
                PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException("no prompts in tests");

            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
                throw new NotSupportedException("no prompts in tests");
        }

        /// <summary>What the formatting engine asks of a console: its width. Nothing else is offered.</summary>
        private sealed class FixedWidthRawUserInterface : PSHostRawUserInterface
        {
            public FixedWidthRawUserInterface(int width) => Width = width;

            public int Width { get; set; }

            public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
            public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
            public override Coordinates CursorPosition { get; set; }
            public override Coordinates WindowPosition { get; set; }
            public override int CursorSize { get; set; }
            public override Size BufferSize { get => new Size(Width, 9999); set { } }
            public override Size WindowSize { get => new Size(Width, 50); set { } }
            public override Size MaxWindowSize => WindowSize;
            public override Size MaxPhysicalWindowSize => WindowSize;
            public override bool KeyAvailable => false;
            public override string WindowTitle { get; set; } = "";

            public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
            public override void FlushInputBuffer() { }
            public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
            public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();
            public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
            public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();
        }
    }
}
