namespace TalentFunctions.Notifications;

/// <summary>A template is missing, does not compile, or references a key the model does not hold.</summary>
public sealed class EmailTemplateException : Exception
{
    public EmailTemplateException(string message)
        : base(message)
    {
    }

    public EmailTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
