using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HandlebarsDotNet;

namespace TalentFunctions.Notifications;

/// <summary>
/// Renders emails from the Handlebars templates in <c>Templates/{language}</c>. HTML parts encode every value;
/// subjects and text parts are rendered without encoding, subjects are then reduced to one line. Templates are
/// compiled on first use and cached; the renderer is thread-safe and meant to be a singleton.
/// </summary>
public sealed partial class EmailRenderer
{
    private const string LayoutPartialPrefix = "_";

    private readonly string builtInDirectory;
    private readonly string? overrideDirectory;
    private readonly ConcurrentDictionary<(string Kind, string Language), Lazy<CompiledEmail>> cache = new();
    private readonly ConcurrentDictionary<string, Lazy<Environments>> environments = new(StringComparer.Ordinal);

    public EmailRenderer(EmailTemplateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        builtInDirectory = Path.Combine(AppContext.BaseDirectory, "Templates");
        overrideDirectory = string.IsNullOrWhiteSpace(options.TemplateDirectory)
            ? null
            : Path.GetFullPath(options.TemplateDirectory);
        if (overrideDirectory is not null && !Directory.Exists(overrideDirectory))
        {
            throw new DirectoryNotFoundException($"Email template directory '{overrideDirectory}' does not exist.");
        }
    }

    /// <summary>
    /// Renders a typed email in <paramref name="language"/> (see <see cref="EmailLanguages.Normalize"/>): its values are
    /// formatted for that language and the recipient's time zone (<see cref="EmailModel.ToTemplateModel"/>).
    /// </summary>
    /// <exception cref="EmailTemplateException">A template is missing, does not compile, or uses a key the model lacks.</exception>
    public RenderedEmail Render(EmailModel email, string language)
    {
        ArgumentNullException.ThrowIfNull(email);
        return Render(email.Kind, language, email.ToTemplateModel(language));
    }

    /// <summary>Renders <paramref name="kind"/> in <paramref name="language"/> (see <see cref="EmailLanguages.Normalize"/>).</summary>
    /// <exception cref="ArgumentException">
    /// The kind is unknown, or the model breaks <see cref="EmailModelContract"/> (the message lists every problem).
    /// </exception>
    /// <exception cref="EmailTemplateException">A template is missing, does not compile, or uses a key the model lacks.</exception>
    public RenderedEmail Render(string kind, string language, IReadOnlyDictionary<string, object?> model)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(model);
        if (!EmailKinds.IsKnown(kind))
        {
            throw new ArgumentException($"Unknown email kind '{kind}'.", nameof(kind));
        }

        var problems = EmailModelContract.Check(kind, model);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The model for {kind} is invalid: {string.Join(" ", problems)}", nameof(model));
        }

        var lang = EmailLanguages.Normalize(language);
        var compiled = cache.GetOrAdd((kind, lang), key => new Lazy<CompiledEmail>(() => Compile(key.Kind, key.Language))).Value;

        // Optional keys the workflow left out render as absent rather than failing the strict binding.
        var context = new Dictionary<string, object?>(model, StringComparer.Ordinal);
        foreach (var key in EmailModelContract.OptionalKeys(kind))
        {
            context.TryAdd(key, null);
        }

        foreach (var key in EmailModelContract.ListKeys)
        {
            if (context.TryGetValue(key, out var value) && value is not null)
            {
                context[key] = EmailModelContract.AsList(value);
            }
        }

        try
        {
            return new RenderedEmail(
                SingleLine(compiled.Subject(context)),
                TidyText(compiled.Text(context)),
                compiled.Html(context).Trim());
        }
        catch (HandlebarsException ex)
        {
            throw new EmailTemplateException($"Template for {kind} ({lang}) failed to render: {Describe(ex)}", ex);
        }
    }

    /// <summary>
    /// Compiles every template in every language and renders it with a sample model that holds exactly the
    /// contract's keys; returns the problems found (empty when all templates are sound). Call it at start-up to catch
    /// a template edit that references an unknown key or does not compile.
    /// </summary>
    public IReadOnlyList<string> Verify()
    {
        var problems = new List<string>();
        foreach (var language in EmailLanguages.All)
        {
            foreach (var kind in EmailKinds.All)
            {
                try
                {
                    Render(kind, language, SampleModel(kind));
                }
                catch (EmailTemplateException ex)
                {
                    problems.Add(ex.Message);
                }
            }
        }

        return problems;
    }

    /// <summary>A model holding every key the contract names for <paramref name="kind"/>, with placeholder values.</summary>
    public static IReadOnlyDictionary<string, object?> SampleModel(string kind)
    {
        var model = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in EmailModelContract.RequiredKeys(kind).Concat(EmailModelContract.OptionalKeys(kind)))
        {
            model[key] = EmailModelContract.ListKeys.Contains(key) ? new[] { "sample" }
                : EmailModelContract.IsUrlKey(key) ? "https://example.org/" + key
                : "sample " + key;
        }

        return model;
    }

    private CompiledEmail Compile(string kind, string language)
    {
        var env = environments.GetOrAdd(language, lang => new Lazy<Environments>(() => CreateEnvironments(lang))).Value;
        return new CompiledEmail(
            CompileFile(env.Plain, language, $"{kind}.subject.hbs"),
            CompileFile(env.Text, language, $"{kind}.text.hbs"),
            CompileFile(env.Html, language, $"{kind}.html.hbs"));
    }

    private Environments CreateEnvironments(string language)
    {
        var plain = Handlebars.Create(Configuration(noEscape: true));
        var text = Handlebars.Create(Configuration(noEscape: true));
        var html = Handlebars.Create(Configuration(noEscape: false));

        // Partials: every _name.text.hbs / _name.html.hbs in the language folder, overrides winning.
        foreach (var path in PartialFiles(language))
        {
            var fileName = Path.GetFileName(path);
            var (target, suffix) = fileName.EndsWith(".html.hbs", StringComparison.Ordinal) ? (html, ".html.hbs")
                : fileName.EndsWith(".text.hbs", StringComparison.Ordinal) ? (text, ".text.hbs")
                : (null, "");
            if (target is null)
            {
                continue;
            }

            var name = fileName[LayoutPartialPrefix.Length..^suffix.Length];
            try
            {
                target.RegisterTemplate(name, ReadTemplate(path));
            }
            catch (HandlebarsException ex)
            {
                throw new EmailTemplateException($"Partial '{path}' does not compile: {Describe(ex)}", ex);
            }
        }

        return new Environments(plain, text, html);
    }

    private IEnumerable<string> PartialFiles(string language)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var root in Roots())
        {
            var dir = Path.Combine(root, language);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var path in Directory.EnumerateFiles(dir, LayoutPartialPrefix + "*.hbs"))
            {
                byName.TryAdd(Path.GetFileName(path), path);
            }
        }

        return byName.Values;
    }

    private HandlebarsTemplate<object, object> CompileFile(IHandlebars env, string language, string fileName)
    {
        var path = Roots().Select(root => Path.Combine(root, language, fileName)).FirstOrDefault(File.Exists)
            ?? throw new EmailTemplateException($"Email template '{language}/{fileName}' was not found.");
        try
        {
            return env.Compile(ReadTemplate(path));
        }
        catch (HandlebarsException ex)
        {
            throw new EmailTemplateException($"Email template '{path}' does not compile: {Describe(ex)}", ex);
        }
    }

    /// <summary>
    /// Reads a template, refusing unescaped output (<c>{{{x}}}</c>, <c>{{&amp;x}}</c>): values such as the project
    /// title come from applicants, so an edit must not be able to switch encoding off.
    /// </summary>
    private static string ReadTemplate(string path)
    {
        var source = File.ReadAllText(path, Encoding.UTF8);
        return UnescapedOutput().IsMatch(source)
            ? throw new EmailTemplateException($"Email template '{path}' uses unescaped output ({{{{{{…}}}}}} or {{{{&…}}}}); use {{{{…}}}}.")
            : source;
    }

    private IEnumerable<string> Roots()
    {
        if (overrideDirectory is not null)
        {
            yield return overrideDirectory;
        }

        yield return builtInDirectory;
    }

    private static HandlebarsConfiguration Configuration(bool noEscape) => new()
    {
        NoEscape = noEscape,
        ThrowOnUnresolvedBindingExpression = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>Handlebars wraps errors in partials ("see inner exception"); name every level.</summary>
    private static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (!messages.Contains(current.Message))
            {
                messages.Add(current.Message);
            }
        }

        return string.Join(" → ", messages);
    }

    /// <summary>Control characters (CR, LF, tab …) and Unicode line/paragraph separators become spaces; runs collapse.</summary>
    private static string SingleLine(string subject)
    {
        var builder = new StringBuilder(subject.Length);
        foreach (var c in subject)
        {
            var category = char.GetUnicodeCategory(c);
            builder.Append(char.IsControl(c) || category is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                ? ' '
                : c);
        }

        return Whitespace().Replace(builder.ToString(), " ").Trim();
    }

    /// <summary>Normalises line endings, trims trailing spaces and collapses runs of blank lines.</summary>
    private static string TidyText(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n')
            .Select(line => line.TrimEnd());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim() + "\n";
    }

    [GeneratedRegex(@"\{\{~?\s*[{&]")]
    private static partial Regex UnescapedOutput();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    private sealed record Environments(IHandlebars Plain, IHandlebars Text, IHandlebars Html);

    private sealed record CompiledEmail(
        HandlebarsTemplate<object, object> Subject,
        HandlebarsTemplate<object, object> Text,
        HandlebarsTemplate<object, object> Html);
}
