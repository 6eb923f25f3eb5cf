namespace TalentFunctions.Notifications;

/// <summary>Where <see cref="EmailRenderer"/> finds its templates.</summary>
public sealed class EmailTemplateOptions
{
    /// <summary>
    /// A directory laid out like the shipped <c>Templates</c> folder (<c>{dir}/{en|zh}/{Kind}.subject.hbs</c> …).
    /// A file found there replaces the shipped one; files it lacks come from the shipped templates, so staff can
    /// override a single email. Null: shipped templates only. Templates are read once; restart to pick up edits.
    /// </summary>
    public string? TemplateDirectory { get; set; }
}
